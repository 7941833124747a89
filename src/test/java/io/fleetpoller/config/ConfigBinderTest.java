package io.fleetpoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The validation rules, without Vert.x: defaults + a YAML override + env, merged as the loader does. */
class ConfigBinderTest {

  private static final String SHORT_KEY = Base64.getEncoder().encodeToString(new byte[16]);
  private static final String GOOD_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  /** Merges like vertx-config (JsonObject.mergeIn deep) and binds. */
  static FleetConfig bind(String yaml, Map<String, String> env) {
    JsonObject merged = ConfigLoader.bundledDefaults()
        .mergeIn(ConfigLoader.parseYaml(yaml, "test"), true)
        .mergeIn(EnvironmentOverrides.toJson(env), true);
    return ConfigBinder.bind(merged, EnvironmentOverrides.envNameByKey(env), "host-1");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("polling: {intervals: {online: 5 minutes}}", Map.of(), "polling.intervals.online",
            "polling.intervals.online: '5 minutes' is not a duration: write a number and a unit,"
                + " e.g. 500ms, 30s, 5m, 8h, 1d"),
        Arguments.of("polling: {intervals: {driving: 0s}}", Map.of(), "polling.intervals.driving",
            "polling.intervals.driving: must be more than 0, got 0s"),
        Arguments.of("polling: {listInterval: 30}", Map.of(), "polling.listInterval",
            "polling.listInterval: '30' is not a duration: write a number and a unit, e.g. 500ms,"
                + " 30s, 5m, 8h, 1d"),
        Arguments.of("http: {port: 70000}", Map.of(), "http.port", "http.port: must be 1..65535, got 70000"),
        Arguments.of("", Map.of("FLEET_HTTP_PORT", "eighty"), "http.port",
            "http.port (env FLEET_HTTP_PORT): must be a whole number 1..65535, got \"eighty\""),
        Arguments.of("", Map.of("FLEET_HTTP_PORT", "0"), "http.port",
            "http.port (env FLEET_HTTP_PORT): must be 1..65535, got 0"),
        Arguments.of("", Map.of("FLEET_HTTP_HOST", " "), "http.host",
            "http.host (env FLEET_HTTP_HOST): must be set, got \" \""),
        Arguments.of("polling: {budget: {monthlyUsd: ten}}", Map.of(), "polling.budget.monthlyUsd",
            "polling.budget.monthlyUsd: must be a number >= 0, got \"ten\""),
        Arguments.of("polling: {budget: {monthlyUsdPerVehicle: -1}}", Map.of(),
            "polling.budget.monthlyUsdPerVehicle",
            "polling.budget.monthlyUsdPerVehicle: must be a number >= 0, got -1"),
        Arguments.of("polling: {policy: teslamate}", Map.of(), "polling.policy",
            "polling.policy: unknown policy \"teslamate\": choose one of cost-aware, homeassistant-like,"
                + " teslamate-like or fixed:<interval> such as fixed:30s"),
        Arguments.of("polling: {policy: 'fixed:often'}", Map.of(), "polling.policy",
            "polling.policy: unknown policy \"fixed:often\": choose one of cost-aware, homeassistant-like,"
                + " teslamate-like or fixed:<interval> such as fixed:30s"),
        Arguments.of("metrics: {perVehicle: sometimes}", Map.of(), "metrics.perVehicle",
            "metrics.perVehicle: must be auto, true or false, got \"sometimes\""),
        Arguments.of("", Map.of("FLEET_METRICS_PER_VEHICLE", "yes"), "metrics.perVehicle",
            "metrics.perVehicle (env FLEET_METRICS_PER_VEHICLE): must be auto, true or false, got \"yes\""),
        Arguments.of("pricing: {wakeUsd: [1]}", Map.of(), "pricing.wakeUsd",
            "pricing.wakeUsd: must be a number >= 0, got a list [1]"),
        Arguments.of("polling: {rateLimit: {dataPerMinutePerVehicle: 0}}", Map.of(),
            "polling.rateLimit.dataPerMinutePerVehicle",
            "polling.rateLimit.dataPerMinutePerVehicle: must be >= 1, got 0"),
        Arguments.of("tokens: {refreshAhead: soon}", Map.of(), "tokens.refreshAhead",
            "tokens.refreshAhead: 'soon' is not a duration: write a number and a unit, e.g. 500ms, 30s, 5m,"
                + " 8h, 1d"),
        Arguments.of("http: {publicUrl: fleet.example.com}", Map.of(), "http.publicUrl",
            "http.publicUrl: must be an absolute http(s) URL like https://example.com/path, got"
                + " \"fleet.example.com\""),
        Arguments.of("polling: {allowWake: maybe}", Map.of(), "polling.allowWake",
            "polling.allowWake: must be true or false, got \"maybe\""),
        Arguments.of("pollling: {allowWake: true}", Map.of(), "pollling",
            "pollling: unknown key (known top-level keys: http, instance, redis, tokens, tesla,"
                + " polling, pricing, metrics)"),
        Arguments.of("http: {hots: 0.0.0.0}", Map.of(), "http.hots",
            "http.hots: unknown key (known keys in http: host, port, publicUrl)"),
        Arguments.of("polling: {intervals: {asleep: 1h}}", Map.of(), "polling.intervals.asleep",
            "polling.intervals.asleep: unknown key (known keys in polling.intervals: driving,"
                + " charging, online)"),
        Arguments.of("http: 8080", Map.of(), "http",
            "http: must be a section of keys (host, port, publicUrl), got 8080"),
        Arguments.of("polling: {budget: 10}", Map.of(), "polling.budget",
            "polling.budget: must be a section of keys (monthlyUsd, monthlyUsdPerVehicle), got 10"),
        Arguments.of("tokens: {store: s3}", Map.of(), "tokens.store",
            "tokens.store: must be \"file\" or \"redis\", got \"s3\""),
        Arguments.of("", Map.of("FLEET_TOKEN_STORE", "redis"), "tokens.store",
            "tokens.store (env FLEET_TOKEN_STORE): \"redis\" needs redis.url (env FLEET_REDIS_URL)"
                + " to be set"),
        Arguments.of("tesla: {redirectUri: /auth/callback}", Map.of(), "tesla.redirectUri",
            "tesla.redirectUri: must be an absolute http(s) URL like https://example.com/path,"
                + " got \"/auth/callback\""),
        Arguments.of("", Map.of("TESLA_TOKEN_URL", "ftp://tesla.com/token"), "tesla.tokenUrl",
            "tesla.tokenUrl (env TESLA_TOKEN_URL): must be an absolute http(s) URL like"
                + " https://example.com/path, got \"ftp://tesla.com/token\""),
        Arguments.of("tesla: {apiBaseUrl: 'fleet-api.prd.na.vn.cloud.tesla.com'}", Map.of(),
            "tesla.apiBaseUrl", "tesla.apiBaseUrl: must be an absolute http(s) URL like"
                + " https://example.com/path, got \"fleet-api.prd.na.vn.cloud.tesla.com\""),
        Arguments.of("tesla: {scopes: []}", Map.of(), "tesla.scopes",
            "tesla.scopes: must name at least one scope, e.g. openid offline_access"
                + " vehicle_device_data"),
        Arguments.of("", Map.of("TESLA_SCOPES", "  "), "tesla.scopes",
            "tesla.scopes (env TESLA_SCOPES): must name at least one scope, e.g. openid"
                + " offline_access vehicle_device_data"),
        Arguments.of("tesla: {clientId: 12345}", Map.of(), "tesla.clientId",
            "tesla.clientId: must be text, got 12345 (put it in quotes)"),
        Arguments.of("polling: {endpoints: {online: [charge_state, drive_stat]}}", Map.of(),
            "polling.endpoints.online",
            "polling.endpoints.online: unknown vehicle_data endpoint \"drive_stat\" (known:"
                + " charge_state, climate_state, closures_state, drive_state, gui_settings,"
                + " location_data, charge_schedule_data, preconditioning_schedule_data,"
                + " vehicle_config, vehicle_state)"),
        Arguments.of("polling: {endpoints: {charging: []}}", Map.of(), "polling.endpoints.charging",
            "polling.endpoints.charging: must be a non-empty list of vehicle_data endpoints, e.g."
                + " [charge_state, drive_state], got a list []"),
        Arguments.of("polling: {endpoints: {parked: [charge_state]}}", Map.of(),
            "polling.endpoints.parked",
            "polling.endpoints.parked: unknown key (known keys in polling.endpoints: driving,"
                + " charging, online)"),
        Arguments.of("tesla: {requestTimeout: 0ms}", Map.of(), "tesla.requestTimeout",
            "tesla.requestTimeout: must be more than 0, got 0ms"),
        Arguments.of("tokens: {file: ''}", Map.of(), "tokens.file", "tokens.file: must be set, got \"\""));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badValues")
  void badValueIsRejectedNamingItsKey(String yaml, Map<String, String> env, String key, String message) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> bind(yaml, env));
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  static Stream<Arguments> badSecrets() {
    return Stream.of(
        Arguments.of("tokens: {encryptionKey: '" + SHORT_KEY + "'}", Map.of(), "tokens.encryptionKey",
            SHORT_KEY, "tokens.encryptionKey: must be base64 of exactly 32 bytes, got 16 bytes"),
        Arguments.of("", Map.of("FLEET_TOKEN_KEY", "hunter2-not-base64!"), "tokens.encryptionKey",
            "hunter2", "tokens.encryptionKey (env FLEET_TOKEN_KEY): is not valid base64"),
        Arguments.of("tesla: {clientSecret: 987654321}", Map.of(), "tesla.clientSecret",
            "987654321", "tesla.clientSecret: must be text, got a value that is not shown"),
        Arguments.of("tesla: {clientSecret: [s3cr3t-one]}", Map.of(), "tesla.clientSecret",
            "s3cr3t-one", "tesla.clientSecret: must be text, got a value that is not shown"),
        Arguments.of("", Map.of("FLEET_REDIS_URL", "http://user:hunter2@redis:6379"), "redis.url",
            "hunter2", "redis.url (env FLEET_REDIS_URL): must be a redis://, rediss:// or unix:// URL"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("badSecrets")
  void badSecretIsRejectedWithoutEchoingIt(
      String yaml, Map<String, String> env, String key, String secret, String messageStart) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> bind(yaml, env));
    assertThat(e).as("expected a ConfigException").isNotNull();
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.getMessage()).startsWith(messageStart).doesNotContain(secret);
  }

  @Test
  void badEncryptionKeySaysHowToMakeOne() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("tokens: {encryptionKey: '" + SHORT_KEY + "'}", Map.of()));
    assertThat(e.getMessage()).endsWith("make one with: openssl rand -base64 32");
  }

  @Test
  void emptyOptionalValuesAreDerivedFromTheOthers() {
    FleetConfig config = bind("", Map.of());
    assertThat(config.instance().id()).isEqualTo("host-1");
    assertThat(config.redis().url()).isEmpty();
    assertThat(config.tokens().store()).isEqualTo("file");
    assertThat(config.tokens().encryptionKey()).isEmpty();
    assertThat(config.tesla().clientId()).isEmpty();
    assertThat(config.tesla().clientSecret()).isEmpty();
  }

  @Test
  void redisUrlMakesRedisTheTokenStoreUnlessSetOtherwise() {
    assertThat(bind("redis: {url: 'redis://localhost:6379'}", Map.of()).tokens().store()).isEqualTo("redis");
    assertThat(bind("redis: {url: 'redis://localhost:6379'}\ntokens: {store: file}", Map.of())
        .tokens().store()).isEqualTo("file");
    assertThat(bind("", Map.of("FLEET_REDIS_URL", "  ")).redis().embedded()).isTrue();
  }

  @Test
  void scopesMayBeAListOrOneSpaceSeparatedString() {
    assertThat(bind("tesla: {scopes: 'openid  offline_access vehicle_location'}", Map.of()).tesla().scopes())
        .containsExactly("openid", "offline_access", "vehicle_location");
    assertThat(bind("", Map.of("TESLA_SCOPES", "openid offline_access")).tesla().scopes())
        .containsExactly("openid", "offline_access");
  }

  @Test
  void goodValuesFromFileAndEnvironmentAreRead() {
    FleetConfig config = bind("""
        instance: {id: poller-a}
        tokens: {encryptionKey: '%s'}
        tesla: {clientId: abc, clientSecret: xyz}
        polling:
          intervals: {online: 1h30m}
          allowWake: true
          endpoints: {charging: [charge_state, location_data]}
          budget: {monthlyUsdPerVehicle: 2.5}
          rateLimit: {dataPerMinutePerVehicle: 6}
        pricing: {dataRequestUsd: 0.004}
        """.formatted(GOOD_KEY), Map.of("FLEET_HTTP_PORT", " 9090 ", "FLEET_TOKEN_FILE", "/var/lib/t.enc"));
    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.instance().id()).isEqualTo("poller-a");
    assertThat(config.tokens().file()).hasToString("/var/lib/t.enc");
    assertThat(config.tokens().requireEncryptionKey()).hasSize(32);
    assertThat(config.tesla().requireClientId()).isEqualTo("abc");
    assertThat(config.tesla().requireClientSecret()).isEqualTo("xyz");
    assertThat(config.polling().intervals().online()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.polling().allowWake()).isTrue();
    assertThat(config.polling().endpoints().get("charging")).containsExactly("charge_state", "location_data");
    assertThat(config.polling().endpoints().get("driving"))
        .containsExactly("drive_state", "charge_state", "vehicle_state");
    assertThat(config.polling().budget().monthlyUsdPerVehicle()).isEqualTo(Optional.of(2.5));
    assertThat(config.polling().rateLimit().dataPerMinutePerVehicle()).isEqualTo(6);
    assertThat(config.pricing().dataRequestMicroUsd()).isEqualTo(4_000);
    assertThat(config.pricing().wakeMicroUsd()).isEqualTo(20_000);
  }

  @Test
  void everyEnvironmentVariableOverridesItsKey() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("FLEET_HTTP_HOST", "0.0.0.0"),
        Map.entry("FLEET_HTTP_PORT", "8181"),
        Map.entry("FLEET_INSTANCE_ID", "env-id"),
        Map.entry("FLEET_REDIS_URL", "redis://r:6379"),
        Map.entry("FLEET_REDIS_PREFIX", "fp:"),
        Map.entry("FLEET_TOKEN_STORE", "file"),
        Map.entry("FLEET_TOKEN_FILE", "t.enc"),
        Map.entry("FLEET_TOKEN_KEY", GOOD_KEY),
        Map.entry("FLEET_METRICS_PER_VEHICLE", "false"),
        Map.entry("TESLA_CLIENT_ID", "cid"),
        Map.entry("TESLA_CLIENT_SECRET", "csecret"),
        Map.entry("TESLA_REDIRECT_URI", "https://me.example/cb"),
        Map.entry("TESLA_SCOPES", "openid offline_access vehicle_location"),
        Map.entry("TESLA_AUTHORIZE_URL", "http://127.0.0.1:9000/oauth2/v3/authorize"),
        Map.entry("TESLA_TOKEN_URL", "http://127.0.0.1:9000/oauth2/v3/token"),
        Map.entry("TESLA_API_BASE_URL", "http://127.0.0.1:9000"));
    assertThat(EnvironmentOverrides.KEY_BY_ENV.keySet()).containsExactlyInAnyOrderElementsOf(env.keySet());
    FleetConfig config = bind("", env);
    assertThat(config.http()).isEqualTo(new FleetConfig.Http("0.0.0.0", 8181));
    assertThat(config.instance().id()).isEqualTo("env-id");
    assertThat(config.redis().url()).contains("redis://r:6379");
    assertThat(config.redis().keyPrefix()).isEqualTo("fp:");
    assertThat(config.tokens().store()).isEqualTo("file");
    assertThat(config.tokens().file()).hasToString("t.enc");
    assertThat(config.tokens().encryptionKey()).contains(GOOD_KEY);
    assertThat(config.tesla().clientId()).contains("cid");
    assertThat(config.tesla().clientSecret()).contains("csecret");
    assertThat(config.tesla().redirectUri()).isEqualTo("https://me.example/cb");
    assertThat(config.tesla().scopes()).isEqualTo(List.of("openid", "offline_access", "vehicle_location"));
    assertThat(config.tesla().authorizeUrl()).isEqualTo("http://127.0.0.1:9000/oauth2/v3/authorize");
    assertThat(config.tesla().tokenUrl()).isEqualTo("http://127.0.0.1:9000/oauth2/v3/token");
    assertThat(config.tesla().apiBaseUrl()).isEqualTo("http://127.0.0.1:9000");
    assertThat(config.metrics().perVehicle()).isEqualTo(FleetConfig.Metrics.PerVehicle.OFF);
  }

  @Test
  void perVehicleMetricsAreAutoByDefaultAndTakeYamlBooleans() {
    assertThat(bind("", Map.of()).metrics().perVehicle()).isEqualTo(FleetConfig.Metrics.PerVehicle.AUTO);
    assertThat(bind("metrics: {perVehicle: true}", Map.of()).metrics().perVehicle())
        .isEqualTo(FleetConfig.Metrics.PerVehicle.ON);
    assertThat(bind("metrics: {perVehicle: false}", Map.of()).metrics().perVehicle())
        .isEqualTo(FleetConfig.Metrics.PerVehicle.OFF);
    assertThat(FleetConfig.Metrics.PerVehicle.AUTO.labelsEachVehicle(999)).isTrue();
    assertThat(FleetConfig.Metrics.PerVehicle.AUTO.labelsEachVehicle(1_000)).isFalse();
  }
}
