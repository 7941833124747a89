package io.fleetpoller.poll;

import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;

/**
 * One month of the {@link CostLedger}: totals, and micro-USD and call counts per vehicle, micro-USD
 * per account and calls per request kind (keyed by {@code ApiCallKind.wireName()}). The maps are
 * immutable copies.
 */
public record LedgerMonth(
    YearMonth month,
    long totalMicroUsd,
    long totalCalls,
    Map<String, Long> microUsdByVehicle,
    Map<String, Long> callsByVehicle,
    Map<String, Long> microUsdByAccount,
    Map<String, Long> callsByKind) {

  public LedgerMonth {
    Objects.requireNonNull(month, "month");
    microUsdByVehicle = Map.copyOf(microUsdByVehicle);
    callsByVehicle = Map.copyOf(callsByVehicle);
    microUsdByAccount = Map.copyOf(microUsdByAccount);
    callsByKind = Map.copyOf(callsByKind);
  }

  /** A month with nothing spent. */
  public static LedgerMonth empty(YearMonth month) {
    return new LedgerMonth(month, 0, 0, Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** What {@code vehicle} cost this month; 0 when it made no call (or is null). */
  public long microUsdOf(String vehicle) {
    // Map.copyOf's maps throw on a null key rather than answer "absent".
    return vehicle == null ? 0 : microUsdByVehicle.getOrDefault(vehicle, 0L);
  }

  /** How many calls were about {@code vehicle} this month; 0 when none (or null). */
  public long callsOf(String vehicle) {
    return vehicle == null ? 0 : callsByVehicle.getOrDefault(vehicle, 0L);
  }
}
