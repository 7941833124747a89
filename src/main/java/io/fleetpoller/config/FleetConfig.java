package io.fleetpoller.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's whole configuration, validated. Built by {@link ConfigLoader} from the defaults in the
 * jar, an optional YAML file and the environment (DESIGN.md, "Config").
 */
public record FleetConfig(
    Http http,
    Instance instance,
    Redis redis,
    Tokens tokens,
    Tesla tesla,
    Polling polling,
    PricingConfig pricing) {

  /** {@code http.*}: where the daemon's web API listens. */
  public record Http(String host, int port) {}

  /** {@code instance.id}: this process's name in locks and leases. */
  public record Instance(String id) {}

  /** {@code redis.*}: an empty url means embedded single-instance mode. */
  public record Redis(Optional<String> url, String keyPrefix) {
    public boolean embedded() {
      return url.isEmpty();
    }
  }

  /** {@code tokens.*}. {@code encryptionKey} is base64 of 32 bytes; checked where a store opens. */
  public record Tokens(String store, Path file, Optional<String> encryptionKey) {
    public static final String STORE_FILE = "file";
    public static final String STORE_REDIS = "redis";
  }

  /** {@code tesla.*}: the OAuth client and the Fleet API endpoints. */
  public record Tesla(
      Optional<String> clientId,
      Optional<String> clientSecret,
      String redirectUri,
      List<String> scopes,
      String authorizeUrl,
      String tokenUrl,
      String apiBaseUrl,
      Duration requestTimeout,
      long maxResponseBytes) {}

  /** {@code polling.*}: how often vehicles are looked at. */
  public record Polling(
      Duration listInterval,
      Intervals intervals,
      Duration idleBeforeSleep,
      Duration sleepWindow,
      boolean allowWake,
      Map<String, List<String>> endpoints,
      Budget budget,
      RateLimit rateLimit) {}

  /** {@code polling.intervals.*}: the vehicle_data interval for each awake state. */
  public record Intervals(Duration driving, Duration charging, Duration online) {}

  /** {@code polling.budget.*}: monthly spend limits in USD. */
  public record Budget(double monthlyUsd, Optional<Double> monthlyUsdPerVehicle) {}

  /** {@code polling.rateLimit.*}. */
  public record RateLimit(int dataPerMinutePerVehicle) {}
}
