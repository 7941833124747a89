package io.fleetpoller.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The daemon's whole configuration, validated. Built by {@link ConfigLoader} from the defaults in the
 * jar, an optional YAML file and the environment (DESIGN.md, "Config"). The records that hold
 * secrets (client secret, token key, a Redis URL's password) redact them in {@code toString()}.
 */
public record FleetConfig(
    Http http,
    Instance instance,
    Redis redis,
    Tokens tokens,
    Tesla tesla,
    Polling polling,
    PricingConfig pricing,
    Metrics metrics) {

  public FleetConfig withPolling(Polling changed) {
    return new FleetConfig(http, instance, redis, tokens, tesla, changed, pricing, metrics);
  }

  public FleetConfig withRedis(Redis changed) {
    return new FleetConfig(http, instance, changed, tokens, tesla, polling, pricing, metrics);
  }

  public FleetConfig withInstance(Instance changed) {
    return new FleetConfig(http, changed, redis, tokens, tesla, polling, pricing, metrics);
  }

  public FleetConfig withTokens(Tokens changed) {
    return new FleetConfig(http, instance, redis, changed, tesla, polling, pricing, metrics);
  }

  public FleetConfig withTesla(Tesla changed) {
    return new FleetConfig(http, instance, redis, tokens, changed, polling, pricing, metrics);
  }

  public FleetConfig withMetrics(Metrics changed) {
    return new FleetConfig(http, instance, redis, tokens, tesla, polling, pricing, changed);
  }

  /** {@code http.*}: where the daemon's web API listens. */
  public record Http(String host, int port, Optional<String> publicUrl) {
    public Http(String host, int port) {
      this(host, port, Optional.empty());
    }
  }

  /** {@code instance.id}: this process's name in locks and leases. */
  public record Instance(String id) {}

  /** {@code redis.*}: an empty url means embedded single-instance mode. */
  public record Redis(Optional<String> url, String keyPrefix) {
    public boolean embedded() {
      return url.isEmpty();
    }

    /** Hides the URL's user info: a Redis URL may carry a password. */
    @Override
    public String toString() {
      return "Redis[url=" + url.map(u -> u.replaceFirst("//[^@/]*@", "//***@")).orElse("")
          + ", keyPrefix=" + keyPrefix + "]";
    }
  }

  /** {@code tokens.*}. {@code encryptionKey} is base64 of 32 bytes; checked where a store opens. */
  public record Tokens(
      String store,
      Path file,
      Optional<String> encryptionKey,
      Duration refreshAhead,
      Duration lockTtl,
      Path spillFile) {
    public static final String STORE_FILE = "file";
    public static final String STORE_REDIS = "redis";
    public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LOCK_TTL = Duration.ofSeconds(30);
    public static final Path DEFAULT_SPILL_FILE = Path.of("data/tokens.spill.enc");

    public Tokens(String store, Path file, Optional<String> encryptionKey) {
      this(store, file, encryptionKey, DEFAULT_REFRESH_AHEAD, DEFAULT_LOCK_TTL, DEFAULT_SPILL_FILE);
    }

    /** The AES-256 key the file store needs. */
    private static final int KEY_BYTES = 32;

    /**
     * The decoded 32-byte key, for the token store that needs one.
     *
     * @throws ConfigException naming {@code tokens.encryptionKey (env FLEET_TOKEN_KEY)} when unset
     */
    public byte[] requireEncryptionKey() {
      String label = "tokens.encryptionKey (env FLEET_TOKEN_KEY)";
      String base64 = encryptionKey.orElseThrow(() -> new ConfigException("tokens.encryptionKey",
          label + ": not set; the " + store + " token store needs it; make one with: "
              + "openssl rand -base64 32"));
      return decodeKey(base64, detail -> new ConfigException("tokens.encryptionKey", label + ": " + detail));
    }

    /** Decodes and checks a key; {@code problem} builds the exception. Never echoes the key. */
    static byte[] decodeKey(String base64, Function<String, ConfigException> problem) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.trim());
      } catch (IllegalArgumentException e) {
        throw problem.apply("is not valid base64 (value not shown); make one with: openssl rand -base64 32");
      }
      if (key.length != KEY_BYTES) {
        throw problem.apply("must be base64 of exactly 32 bytes, got " + key.length
            + " bytes (value not shown); make one with: openssl rand -base64 32");
      }
      return key;
    }

    @Override
    public String toString() {
      return "Tokens[store=" + store + ", file=" + file + ", encryptionKey="
          + encryptionKey.map(k -> "<redacted>").orElse("") + "]";
    }
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
      long maxResponseBytes) {

    /** For commands that talk to Tesla's OAuth server: the client id, or a ConfigException. */
    public String requireClientId() {
      return clientId.orElseThrow(() -> new ConfigException("tesla.clientId",
          "tesla.clientId (env TESLA_CLIENT_ID): not set; this command needs your app's client id"
              + " from developer.tesla.com"));
    }

    /** For the code exchange and partner token: the client secret, or a ConfigException. */
    public String requireClientSecret() {
      return clientSecret.orElseThrow(() -> new ConfigException("tesla.clientSecret",
          "tesla.clientSecret (env TESLA_CLIENT_SECRET): not set; this command needs your app's"
              + " client secret from developer.tesla.com"));
    }

    @Override
    public String toString() {
      return "Tesla[clientId=" + clientId.orElse("") + ", clientSecret="
          + clientSecret.map(s -> "<redacted>").orElse("") + ", redirectUri=" + redirectUri
          + ", scopes=" + scopes + ", authorizeUrl=" + authorizeUrl + ", tokenUrl=" + tokenUrl
          + ", apiBaseUrl=" + apiBaseUrl + ", requestTimeout=" + requestTimeout
          + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
  }

  /**
   * {@code polling.*}: how often vehicles are looked at. {@code endpoints} maps each awake state
   * ({@code driving}, {@code charging}, {@code online}) to the vehicle_data sections asked for.
   * {@code policy} names the poll policy: {@code cost-aware} (the product's), or a benchmark
   * reference ({@code fixed:30s}, {@code homeassistant-like}, {@code teslamate-like}).
   * {@code fallsAsleepAfter}: how long a parked, idle car takes to fall asleep after the last data
   * call; one still online that long after is kept awake by something and is looked at once.
   */
  public record Polling(
      Duration listInterval,
      Intervals intervals,
      Duration idleBeforeSleep,
      Duration sleepWindow,
      Duration fallsAsleepAfter,
      boolean allowWake,
      Map<String, List<String>> endpoints,
      Budget budget,
      RateLimit rateLimit,
      String policy) {

    /** The {@code policy} names besides {@code fixed:<interval>}. */
    public static final List<String> POLICIES = List.of("cost-aware", "homeassistant-like", "teslamate-like");

    /** Whether {@code name} is one of {@link #POLICIES} or {@code fixed:<interval>} with an interval over 0. */
    public static boolean isKnownPolicy(String name) {
      if (POLICIES.contains(name)) {
        return true;
      }
      if (!name.startsWith("fixed:")) {
        return false;
      }
      try {
        return !Durations.parse(name.substring("fixed:".length())).isZero();
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    public Polling withPolicy(String name) {
      return new Polling(listInterval, intervals, idleBeforeSleep, sleepWindow, fallsAsleepAfter, allowWake, endpoints, budget,
          rateLimit, name);
    }

    public Polling withListInterval(Duration every) {
      return new Polling(every, intervals, idleBeforeSleep, sleepWindow, fallsAsleepAfter, allowWake, endpoints, budget,
          rateLimit, policy);
    }

    public Polling withBudget(Budget limits) {
      return new Polling(listInterval, intervals, idleBeforeSleep, sleepWindow, fallsAsleepAfter, allowWake, endpoints, limits,
          rateLimit, policy);
    }

    /**
     * The {@code endpoints} values vehicle_data accepts (FACTS.md, "Endpoints a poller uses");
     * {@code location_data} needs the {@code vehicle_location} scope.
     */
    public static final Set<String> VEHICLE_DATA_ENDPOINTS = Collections.unmodifiableSet(
        new LinkedHashSet<>(List.of("charge_state", "climate_state", "closures_state", "drive_state",
            "gui_settings", "location_data", "charge_schedule_data", "preconditioning_schedule_data",
            "vehicle_config", "vehicle_state")));
  }

  /** {@code polling.intervals.*}: the vehicle_data interval for each awake state. */
  public record Intervals(Duration driving, Duration charging, Duration online) {}

  /** {@code polling.budget.*}: monthly spend limits in USD. */
  public record Budget(double monthlyUsd, Optional<Double> monthlyUsdPerVehicle) {}

  /** {@code polling.rateLimit.*}. */
  public record RateLimit(int dataPerMinutePerVehicle) {}

  /**
   * {@code metrics.*}. {@code perVehicle}: whether the per-car series carry a {@code vehicle} label
   * with the VIN. Each car adds 15 series, so a large fleet gets fleet-wide series instead
   * ({@code vehicle="all"}): {@code auto} labels cars while fewer than {@link #AUTO_VEHICLE_LIMIT}
   * have been seen, and switches to fleet-wide series for good once that many have.
   */
  public record Metrics(PerVehicle perVehicle) {

    /** The fleet size at which {@code auto} stops labelling series by car. */
    public static final int AUTO_VEHICLE_LIMIT = 1_000;

    public enum PerVehicle {
      AUTO, ON, OFF;

      /** Whether a fleet of {@code vehiclesSeen} cars gets one series per car. */
      public boolean labelsEachVehicle(int vehiclesSeen) {
        return this == ON || (this == AUTO && vehiclesSeen < AUTO_VEHICLE_LIMIT);
      }
    }
  }
}
