package io.fleetpoller.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the merged configuration (defaults, file and environment as one {@link JsonObject}) into a
 * validated {@link FleetConfig}. Pure: no I/O, no Vert.x runtime, so every rule is a table test.
 * Each problem becomes a {@link ConfigException} naming the key, and the environment variable when
 * the value came from one. Secret values are never put in a message.
 */
final class ConfigBinder {

  /** Every section (dotted path, "" for the top) and the keys it may hold, in file order. */
  static final Map<String, Set<String>> KEYS_BY_SECTION = sections(
      "", "http instance redis tokens tesla polling pricing metrics",
      "http", "host port publicUrl",
      "instance", "id",
      "redis", "url keyPrefix",
      "tokens", "store file encryptionKey refreshAhead lockTtl spillFile",
      "tesla", "clientId clientSecret redirectUri scopes authorizeUrl tokenUrl apiBaseUrl"
          + " requestTimeout maxResponseBytes",
      "polling", "listInterval intervals idleBeforeSleep sleepWindow fallsAsleepAfter allowWake endpoints budget"
          + " rateLimit policy",
      "polling.intervals", "driving charging online",
      "polling.endpoints", "driving charging online",
      "polling.budget", "monthlyUsd monthlyUsdPerVehicle",
      "polling.rateLimit", "dataPerMinutePerVehicle",
      "pricing", "dataRequestUsd commandUsd wakeUsd listUsd vehicleUsd regionUsd streamingSignalUsd"
          + " monthlyCreditUsd",
      "metrics", "perVehicle");

  /** Keys whose values must never appear in a message (a Redis URL may carry a password). */
  private static final Set<String> SECRET_KEYS =
      Set.of("tesla.clientSecret", "tokens.encryptionKey", "redis.url");

  private static final String MAKE_KEY = "make one with: openssl rand -base64 32";

  private final Map<String, String> envNameByKey;

  private ConfigBinder(Map<String, String> envNameByKey) {
    this.envNameByKey = envNameByKey;
  }

  /**
   * @param merged defaults, file and environment overrides merged into one object
   * @param envNameByKey for keys whose value came from an environment variable, that variable
   * @param fallbackInstanceId the {@code instance.id} to use when none is configured
   * @throws ConfigException for the first problem found
   */
  static FleetConfig bind(
      JsonObject merged, Map<String, String> envNameByKey, String fallbackInstanceId) {
    return new ConfigBinder(envNameByKey).fleetConfig(merged, fallbackInstanceId);
  }

  /** Whether {@code path} names a section (a map of keys) rather than a value. */
  static boolean isSection(String path) {
    return KEYS_BY_SECTION.containsKey(path);
  }

  private FleetConfig fleetConfig(JsonObject root, String fallbackInstanceId) {
    Section top = new Section("", root);
    top.rejectUnknownKeys();
    Section redisSection = top.section("redis");
    FleetConfig.Redis redis = new FleetConfig.Redis(
        redisSection.optionalText("url").map(url -> redisUrl("redis.url", url)),
        redisSection.text("keyPrefix"));
    return new FleetConfig(
        http(top.section("http")),
        new FleetConfig.Instance(top.section("instance").optionalText("id").orElse(fallbackInstanceId)),
        redis,
        tokens(top.section("tokens"), redis),
        tesla(top.section("tesla")),
        polling(top.section("polling")),
        pricing(top.section("pricing")),
        new FleetConfig.Metrics(top.section("metrics").perVehicle("perVehicle")));
  }

  private FleetConfig.Http http(Section http) {
    return new FleetConfig.Http(
        http.requiredText("host"), (int) http.wholeNumber("port", 1, 65_535, "1..65535"),
        http.optionalText("publicUrl").map(url -> http.httpUrl("publicUrl")));
  }

  private String redisUrl(String key, String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("redis://") || lower.startsWith("rediss://") || lower.startsWith("unix://"))) {
      throw problem(key, "must be a redis://, rediss:// or unix:// URL (value not shown: it may hold"
          + " a password)");
    }
    return url;
  }

  private FleetConfig.Tokens tokens(Section tokens, FleetConfig.Redis redis) {
    String store = tokens.optionalText("store")
        .orElse(redis.embedded() ? FleetConfig.Tokens.STORE_FILE : FleetConfig.Tokens.STORE_REDIS);
    if (!store.equals(FleetConfig.Tokens.STORE_FILE) && !store.equals(FleetConfig.Tokens.STORE_REDIS)) {
      throw problem("tokens.store", "must be \"file\" or \"redis\", got " + tokens.shown("store", store));
    }
    if (store.equals(FleetConfig.Tokens.STORE_REDIS) && redis.embedded()) {
      throw problem("tokens.store", "\"redis\" needs redis.url (env FLEET_REDIS_URL) to be set");
    }
    Path file = path(tokens, "file");
    Optional<String> key = tokens.optionalText("encryptionKey");
    key.ifPresent(k -> FleetConfig.Tokens.decodeKey(k, problemFactory("tokens.encryptionKey")));
    return new FleetConfig.Tokens(store, file, key, tokens.positiveDuration("refreshAhead"),
        tokens.positiveDuration("lockTtl"), path(tokens, "spillFile"));
  }

  private Path path(Section section, String key) {
    String text = section.requiredText(key);
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw problem(section.key(key), "is not a usable file path: " + e.getReason() + ", got "
          + section.shown(key, text));
    }
  }

  private FleetConfig.Tesla tesla(Section tesla) {
    return new FleetConfig.Tesla(
        tesla.optionalText("clientId"),
        tesla.optionalText("clientSecret"),
        tesla.httpUrl("redirectUri"),
        tesla.scopes("scopes"),
        tesla.httpUrl("authorizeUrl"),
        tesla.httpUrl("tokenUrl"),
        tesla.httpUrl("apiBaseUrl"),
        tesla.positiveDuration("requestTimeout"),
        tesla.wholeNumber("maxResponseBytes", 1, Long.MAX_VALUE, ">= 1"));
  }

  private FleetConfig.Polling polling(Section polling) {
    Section intervals = polling.section("intervals");
    Section budget = polling.section("budget");
    Section endpoints = polling.section("endpoints");
    Map<String, List<String>> endpointsByState = new LinkedHashMap<>();
    for (String state : KEYS_BY_SECTION.get("polling.endpoints")) {
      endpointsByState.put(state, endpoints.vehicleDataEndpoints(state));
    }
    return new FleetConfig.Polling(
        polling.positiveDuration("listInterval"),
        new FleetConfig.Intervals(
            intervals.positiveDuration("driving"),
            intervals.positiveDuration("charging"),
            intervals.positiveDuration("online")),
        polling.positiveDuration("idleBeforeSleep"),
        polling.positiveDuration("sleepWindow"),
        polling.positiveDuration("fallsAsleepAfter"),
        polling.bool("allowWake"),
        Collections.unmodifiableMap(endpointsByState),
        new FleetConfig.Budget(
            budget.usd("monthlyUsd"),
            budget.isNull("monthlyUsdPerVehicle")
                ? Optional.empty()
                : Optional.of(budget.usd("monthlyUsdPerVehicle"))),
        new FleetConfig.RateLimit((int) polling.section("rateLimit")
            .wholeNumber("dataPerMinutePerVehicle", 1, Integer.MAX_VALUE, ">= 1")),
        polling.policy("policy"));
  }

  private PricingConfig pricing(Section pricing) {
    return new PricingConfig(
        micros(pricing.usd("dataRequestUsd")),
        micros(pricing.usd("commandUsd")),
        micros(pricing.usd("wakeUsd")),
        micros(pricing.usd("listUsd")),
        micros(pricing.usd("vehicleUsd")),
        micros(pricing.usd("regionUsd")),
        // A signal costs a fraction of a micro-USD: keep the fraction, drop float noise.
        Math.round(pricing.usd("streamingSignalUsd") * 1e12) / 1e6,
        micros(pricing.usd("monthlyCreditUsd")));
  }

  private static long micros(double usd) {
    return PricingConfig.toMicroUsd(usd);
  }

  private ConfigException problem(String key, String detail) {
    return problemFactory(key).apply(detail);
  }

  private Function<String, ConfigException> problemFactory(String key) {
    String env = envNameByKey.get(key);
    String label = env == null ? key : key + " (env " + env + ")";
    return detail -> new ConfigException(key, label + ": " + detail);
  }

  /** One section of the merged object, with readers that name {@code path.key} in their errors. */
  private final class Section {
    private final String path;
    private final JsonObject json;

    Section(String path, JsonObject json) {
      this.path = path;
      this.json = json;
    }

    String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    void rejectUnknownKeys() {
      Set<String> known = KEYS_BY_SECTION.get(path);
      for (String name : json.fieldNames()) {
        if (!known.contains(name)) {
          throw new ConfigException(key(name), key(name) + ": unknown key (known "
              + (path.isEmpty() ? "top-level keys" : "keys in " + path) + ": "
              + String.join(", ", known) + ")");
        }
      }
    }

    Section section(String name) {
      Object value = json.getValue(name);
      if (!(value instanceof JsonObject)) {
        throw problem(key(name), "must be a section of keys (" + String.join(", ",
            KEYS_BY_SECTION.get(key(name))) + "), got " + shown(name, value));
      }
      Section section = new Section(key(name), (JsonObject) value);
      section.rejectUnknownKeys();
      return section;
    }

    boolean isNull(String name) {
      return json.getValue(name) == null;
    }

    /** Text that may be absent: null or blank means empty. */
    Optional<String> optionalText(String name) {
      Object value = json.getValue(name);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof String)) {
        throw problem(key(name), "must be text, got " + shown(name, value) + " (put it in quotes)");
      }
      String text = ((String) value).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Text that must be present; may be empty (a key prefix). */
    String text(String name) {
      Object value = json.getValue(name);
      if (!(value instanceof String)) {
        throw problem(key(name), "must be text, got " + shown(name, value)
            + (value == null ? "" : " (put it in quotes)"));
      }
      return (String) value;
    }

    String requiredText(String name) {
      return optionalText(name)
          .orElseThrow(() -> problem(key(name), "must be set, got " + shown(name, json.getValue(name))));
    }

    String httpUrl(String name) {
      String text = requiredText(name);
      String problem = "must be an absolute http(s) URL like https://example.com/path, got "
          + shown(name, text);
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
            || uri.getHost() == null) {
          throw problem(key(name), problem);
        }
      } catch (URISyntaxException e) {
        throw problem(key(name), problem);
      }
      return text;
    }

    /** A YAML list, or one space-separated string (the environment's and Tesla's form). */
    List<String> scopes(String name) {
      Object value = json.getValue(name);
      List<String> scopes = new ArrayList<>();
      if (value instanceof String) {
        for (String scope : ((String) value).trim().split("\\s+")) {
          if (!scope.isEmpty()) {
            scopes.add(scope);
          }
        }
      } else if (value instanceof JsonArray) {
        for (Object scope : (JsonArray) value) {
          if (!(scope instanceof String) || ((String) scope).isBlank()
              || ((String) scope).trim().contains(" ")) {
            throw problem(key(name), "each scope must be one word, got " + shown(name, scope));
          }
          scopes.add(((String) scope).trim());
        }
      } else if (value != null) {
        throw problem(key(name), "must be a list of scopes or one space-separated string, got "
            + shown(name, value));
      }
      if (scopes.isEmpty()) {
        throw problem(key(name),
            "must name at least one scope, e.g. openid offline_access vehicle_device_data");
      }
      return List.copyOf(scopes);
    }

    List<String> vehicleDataEndpoints(String name) {
      Object value = json.getValue(name);
      if (!(value instanceof JsonArray) || ((JsonArray) value).isEmpty()) {
        throw problem(key(name), "must be a non-empty list of vehicle_data endpoints, e.g. "
            + "[charge_state, drive_state], got " + shown(name, value));
      }
      List<String> endpoints = new ArrayList<>();
      for (Object endpoint : (JsonArray) value) {
        if (!FleetConfig.Polling.VEHICLE_DATA_ENDPOINTS.contains(endpoint)) {
          throw problem(key(name), "unknown vehicle_data endpoint " + shown(name, endpoint)
              + " (known: " + String.join(", ", FleetConfig.Polling.VEHICLE_DATA_ENDPOINTS) + ")");
        }
        endpoints.add((String) endpoint);
      }
      return List.copyOf(endpoints);
    }

    Duration positiveDuration(String name) {
      Object value = json.getValue(name);
      if (value == null || value instanceof JsonObject || value instanceof JsonArray) {
        throw problem(key(name), "must be a duration like 30s, got " + shown(name, value));
      }
      Duration duration;
      try {
        duration = Durations.parse(String.valueOf(value));
      } catch (IllegalArgumentException e) {
        throw problem(key(name), e.getMessage());
      }
      if (duration.isZero()) {
        throw problem(key(name), "must be more than 0, got " + value);
      }
      return duration;
    }

    /** {@code cost-aware}, {@code homeassistant-like}, {@code teslamate-like} or {@code fixed:<duration>}. */
    String policy(String name) {
      String text = requiredText(name).trim();
      if (FleetConfig.Polling.isKnownPolicy(text)) {
        return text;
      }
      throw problem(key(name), "unknown policy " + shown(name, text) + ": choose one of "
          + String.join(", ", FleetConfig.Polling.POLICIES) + " or fixed:<interval> such as fixed:30s");
    }

    /** {@code auto}, or a boolean (YAML's {@code true}/{@code false} or their text, from the environment). */
    FleetConfig.Metrics.PerVehicle perVehicle(String name) {
      Object value = json.getValue(name);
      if ("auto".equals(value)) {
        return FleetConfig.Metrics.PerVehicle.AUTO;
      }
      if (value instanceof Boolean || "true".equals(value) || "false".equals(value)) {
        return bool(name) ? FleetConfig.Metrics.PerVehicle.ON : FleetConfig.Metrics.PerVehicle.OFF;
      }
      throw problem(key(name), "must be auto, true or false, got " + shown(name, value));
    }

    boolean bool(String name) {
      Object value = json.getValue(name);
      if (value instanceof Boolean) {
        return (Boolean) value;
      }
      if (value instanceof String && (value.equals("true") || value.equals("false"))) {
        return Boolean.parseBoolean((String) value);
      }
      throw problem(key(name), "must be true or false, got " + shown(name, value));
    }

    /** A whole number; numeric text is accepted too since environment values are text. */
    long wholeNumber(String name, long min, long max, String range) {
      Object value = json.getValue(name);
      Long number = null;
      if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        number = ((Number) value).longValue();
      } else if (value instanceof String) {
        try {
          number = Long.parseLong(((String) value).trim());
        } catch (NumberFormatException e) {
          number = null;
        }
      }
      if (number == null) {
        throw problem(key(name), "must be a whole number " + range + ", got " + shown(name, value));
      }
      if (number < min || number > max) {
        throw problem(key(name), "must be " + range + ", got " + number);
      }
      return number;
    }

    /** An amount in USD, zero or more. */
    double usd(String name) {
      Object value = json.getValue(name);
      Double number = null;
      if (value instanceof Number) {
        number = ((Number) value).doubleValue();
      } else if (value instanceof String) {
        try {
          number = Double.parseDouble(((String) value).trim());
        } catch (NumberFormatException e) {
          number = null;
        }
      }
      if (number == null || number.isNaN() || number.isInfinite() || number < 0) {
        throw problem(key(name), "must be a number >= 0, got " + shown(name, value));
      }
      return number;
    }

    /** How a value is quoted in a message; a secret's value is never shown. */
    String shown(String name, Object value) {
      if (value == null) {
        return "nothing";
      }
      if (SECRET_KEYS.contains(key(name))) {
        return "a value that is not shown (secret)";
      }
      if (value instanceof JsonObject) {
        return "a section of keys";
      }
      if (value instanceof JsonArray) {
        return "a list " + ((JsonArray) value).encode();
      }
      if (value instanceof String) {
        return "\"" + value + "\"";
      }
      return String.valueOf(value);
    }
  }

  private static Map<String, Set<String>> sections(String... pathAndKeys) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < pathAndKeys.length; i += 2) {
      out.put(pathAndKeys[i],
          Collections.unmodifiableSet(new LinkedHashSet<>(List.of(pathAndKeys[i + 1].split(" ")))));
    }
    return Collections.unmodifiableMap(out);
  }
}
