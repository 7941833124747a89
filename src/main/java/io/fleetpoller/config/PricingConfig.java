package io.fleetpoller.config;

/**
 * Tesla's price list in micro-USD (1 USD = 1,000,000), so a month of calls adds up exactly.
 *
 * <p>Defaults from Tesla's billing-and-limits page (FACTS.md): data requests 500 per $1, commands
 * 1,000 per $1, wakes 50 per $1, streaming signals 150,000 per $1, a $10 monthly credit. The vehicle
 * list and vehicle endpoints are treated as free by TeslaFi and Home Assistant, which Tesla's list
 * does not confirm: they are priced here so a user can change that. "All requests with a status
 * code below 500 are counted as billable usage": a 408 or 429 costs as much as a 200.
 */
public record PricingConfig(
    long dataRequestMicroUsd,
    long commandMicroUsd,
    long wakeMicroUsd,
    long listMicroUsd,
    long vehicleMicroUsd,
    long regionMicroUsd,
    double streamingSignalMicroUsd,
    long monthlyCreditMicroUsd) {

  public static final long MICROS_PER_USD = 1_000_000L;

  public static PricingConfig teslaDefaults() {
    return new PricingConfig(2_000, 1_000, 20_000, 0, 0, 0, 1_000_000.0 / 150_000, 10 * MICROS_PER_USD);
  }

  /** What one request of this kind that answered with this status costs; 0 for 5xx and no answer. */
  public long microUsdFor(ApiCallKind kind, int status) {
    if (status <= 0 || status >= 500) {
      return 0;
    }
    return switch (kind) {
      case LIST -> listMicroUsd;
      case VEHICLE -> vehicleMicroUsd;
      case VEHICLE_DATA -> dataRequestMicroUsd;
      case WAKE_UP -> wakeMicroUsd;
      case REGION -> regionMicroUsd;
      case COMMAND -> commandMicroUsd;
      case TOKEN -> 0;
    };
  }

  /** USD to micro-USD, rounded to the nearest micro-dollar. */
  public static long toMicroUsd(double usd) {
    return Math.round(usd * MICROS_PER_USD);
  }

  public static double toUsd(long microUsd) {
    return microUsd / (double) MICROS_PER_USD;
  }
}
