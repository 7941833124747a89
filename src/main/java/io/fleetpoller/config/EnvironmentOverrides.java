package io.fleetpoller.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables that override config keys (DESIGN.md, "Config"), as a table. Values go
 * in as text; {@link ConfigBinder} reads them with the same rules as the file (a port may be the
 * text {@code "8080"}, scopes a space-separated list) and names the variable in its errors.
 */
final class EnvironmentOverrides {

  /** Environment variable name → dotted key path. */
  static final Map<String, String> KEY_BY_ENV = table(
      "FLEET_HTTP_HOST", "http.host",
      "FLEET_HTTP_PORT", "http.port",
      "FLEET_INSTANCE_ID", "instance.id",
      "FLEET_REDIS_URL", "redis.url",
      "FLEET_REDIS_PREFIX", "redis.keyPrefix",
      "FLEET_TOKEN_STORE", "tokens.store",
      "FLEET_TOKEN_FILE", "tokens.file",
      "FLEET_TOKEN_KEY", "tokens.encryptionKey",
      "FLEET_METRICS_PER_VEHICLE", "metrics.perVehicle",
      "TESLA_CLIENT_ID", "tesla.clientId",
      "TESLA_CLIENT_SECRET", "tesla.clientSecret",
      "TESLA_REDIRECT_URI", "tesla.redirectUri",
      "TESLA_SCOPES", "tesla.scopes",
      "TESLA_AUTHORIZE_URL", "tesla.authorizeUrl",
      "TESLA_TOKEN_URL", "tesla.tokenUrl",
      "TESLA_API_BASE_URL", "tesla.apiBaseUrl");

  private EnvironmentOverrides() {}

  /** The overrides {@code env} sets, as a nested object ready to merge over the file. */
  static JsonObject toJson(Map<String, String> env) {
    JsonObject out = new JsonObject();
    KEY_BY_ENV.forEach((envName, key) -> {
      String value = env.get(envName);
      if (value != null) {
        List<String> path = List.of(key.split("\\."));
        JsonObject section = out;
        for (String name : path.subList(0, path.size() - 1)) {
          if (!section.containsKey(name)) {
            section.put(name, new JsonObject());
          }
          section = section.getJsonObject(name);
        }
        section.put(path.get(path.size() - 1), value);
      }
    });
    return out;
  }

  /** Dotted key path → the variable that set it, for the keys {@code env} sets. */
  static Map<String, String> envNameByKey(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    KEY_BY_ENV.forEach((envName, key) -> {
      if (env.get(envName) != null) {
        out.put(key, envName);
      }
    });
    return out;
  }

  private static Map<String, String> table(String... envAndKey) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < envAndKey.length; i += 2) {
      out.put(envAndKey[i], envAndKey[i + 1]);
    }
    return Collections.unmodifiableMap(out);
  }
}
