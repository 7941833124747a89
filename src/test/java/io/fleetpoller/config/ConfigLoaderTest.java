package io.fleetpoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole load through vertx-config: the bundled YAML, a file, the environment. */
class ConfigLoaderTest {

  private static Vertx vertx;

  @TempDir Path dir;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static FleetConfig await(Future<FleetConfig> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<FleetConfig> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the load to fail");
  }

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("fleet-poller.yaml"), yaml);
  }

  private static FleetConfig load(Optional<Path> file, Map<String, String> env) throws Exception {
    return await(ConfigLoader.load(vertx, file, env));
  }

  @Test
  void defaultsAreTheDesignTable() throws Exception {
    FleetConfig config = load(Optional.empty(), Map.of());

    assertThat(config.http()).isEqualTo(new FleetConfig.Http("127.0.0.1", 8080));
    assertThat(config.instance().id()).endsWith("-" + ProcessHandle.current().pid());
    assertThat(config.redis()).isEqualTo(new FleetConfig.Redis(Optional.empty(), "fleet:"));
    assertThat(config.tokens()).isEqualTo(
        new FleetConfig.Tokens("file", Path.of("data/tokens.enc"), Optional.empty()));
    FleetConfig.Tesla tesla = config.tesla();
    assertThat(tesla.clientId()).isEmpty();
    assertThat(tesla.clientSecret()).isEmpty();
    assertThat(tesla.redirectUri()).isEqualTo("http://localhost:8080/auth/callback");
    assertThat(tesla.scopes()).containsExactly("openid", "offline_access", "vehicle_device_data");
    assertThat(tesla.authorizeUrl()).isEqualTo("https://auth.tesla.com/oauth2/v3/authorize");
    assertThat(tesla.tokenUrl()).isEqualTo("https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token");
    assertThat(tesla.apiBaseUrl()).isEqualTo("https://fleet-api.prd.na.vn.cloud.tesla.com");
    assertThat(tesla.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tesla.maxResponseBytes()).isEqualTo(2_097_152L);

    FleetConfig.Polling polling = config.polling();
    assertThat(polling.listInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(polling.intervals()).isEqualTo(new FleetConfig.Intervals(
        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5)));
    assertThat(polling.idleBeforeSleep()).isEqualTo(Duration.ofMinutes(10));
    assertThat(polling.sleepWindow()).isEqualTo(Duration.ofMinutes(20));
    assertThat(polling.allowWake()).isFalse();
    assertThat(polling.endpoints()).isEqualTo(Map.of(
        "driving", List.of("drive_state", "charge_state", "vehicle_state"),
        "charging", List.of("charge_state"),
        "online", List.of("charge_state", "vehicle_state", "drive_state", "climate_state")));
    assertThat(polling.budget()).isEqualTo(new FleetConfig.Budget(10.0, Optional.empty()));
    assertThat(polling.rateLimit()).isEqualTo(new FleetConfig.RateLimit(60));

    PricingConfig pricing = config.pricing();
    PricingConfig tesla$ = PricingConfig.teslaDefaults();
    assertThat(pricing.dataRequestMicroUsd()).isEqualTo(tesla$.dataRequestMicroUsd()).isEqualTo(2_000);
    assertThat(pricing.commandMicroUsd()).isEqualTo(tesla$.commandMicroUsd());
    assertThat(pricing.wakeMicroUsd()).isEqualTo(tesla$.wakeMicroUsd());
    assertThat(pricing.listMicroUsd()).isZero();
    assertThat(pricing.vehicleMicroUsd()).isZero();
    assertThat(pricing.regionMicroUsd()).isZero();
    // 150,000 signals per $1 is 6.666… micro-USD; the YAML writes it as $0.00000667.
    assertThat(pricing.streamingSignalMicroUsd()).isEqualTo(6.67)
        .isCloseTo(tesla$.streamingSignalMicroUsd(), within(0.01));
    assertThat(pricing.monthlyCreditMicroUsd()).isEqualTo(tesla$.monthlyCreditMicroUsd());

    assertThat(ConfigLoader.defaults()).isEqualTo(config);
  }

  @Test
  void fileChangesOnlyTheNestedKeysItNames() throws Exception {
    Path file = file("""
        polling:
          intervals:
            online: 7m
          budget:
            monthlyUsdPerVehicle: 1.5
        tesla:
          clientId: my-app
        """);
    FleetConfig defaults = ConfigLoader.defaults();

    FleetConfig config = load(Optional.of(file), Map.of());

    assertThat(config.polling().intervals()).isEqualTo(new FleetConfig.Intervals(
        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(7)));
    assertThat(config.polling().budget()).isEqualTo(new FleetConfig.Budget(10.0, Optional.of(1.5)));
    assertThat(config.polling().listInterval()).isEqualTo(defaults.polling().listInterval());
    assertThat(config.polling().endpoints()).isEqualTo(defaults.polling().endpoints());
    assertThat(config.tesla().clientId()).contains("my-app");
    assertThat(config.tesla().tokenUrl()).isEqualTo(defaults.tesla().tokenUrl());
    assertThat(config.http()).isEqualTo(defaults.http());
  }

  @Test
  void environmentOverridesFileAndDefaults() throws Exception {
    Path file = file("""
        http: {port: 9000, host: 0.0.0.0}
        tesla: {apiBaseUrl: 'https://fleet-api.prd.eu.vn.cloud.tesla.com'}
        """);

    FleetConfig config = load(Optional.of(file),
        Map.of("FLEET_HTTP_PORT", "9100", "TESLA_TOKEN_URL", "http://127.0.0.1:4000/oauth2/v3/token",
            "PATH", "/usr/bin"));

    assertThat(config.http()).isEqualTo(new FleetConfig.Http("0.0.0.0", 9100));
    assertThat(config.tesla().apiBaseUrl()).isEqualTo("https://fleet-api.prd.eu.vn.cloud.tesla.com");
    assertThat(config.tesla().tokenUrl()).isEqualTo("http://127.0.0.1:4000/oauth2/v3/token");
  }

  @Test
  void badEnvironmentValueNamesKeyAndVariable() throws Exception {
    Throwable e = failure(ConfigLoader.load(vertx, Optional.empty(), Map.of("FLEET_HTTP_PORT", "70000")));
    assertThat(e).isInstanceOf(ConfigException.class)
        .hasMessage("http.port (env FLEET_HTTP_PORT): must be 1..65535, got 70000");
    assertThat(((ConfigException) e).key()).isEqualTo("http.port");
  }

  @Test
  void badFileValueFailsTheLoadNamingTheKey() throws Exception {
    Throwable e = failure(ConfigLoader.load(vertx, Optional.of(file("pollling:\n  allowWake: true\n")), Map.of()));
    assertThat(e).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) e).key()).isEqualTo("pollling");
    assertThat(e.getMessage()).startsWith("pollling: unknown key");
  }

  @Test
  void malformedYamlNamesTheFileAndLine() throws Exception {
    Path file = file("http:\n  port: 8080\n  host: [127.0.0.1\npolling:\n  allowWake: true\n");
    Throwable e = failure(ConfigLoader.load(vertx, Optional.of(file), Map.of()));
    assertThat(e).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) e).key()).isEqualTo(ConfigException.CONFIG_FILE);
    assertThat(e.getMessage()).startsWith("config file " + file + ": not valid YAML (line 4): ")
        .doesNotContain("\n");
  }

  @Test
  void topLevelListIsRejected() throws Exception {
    Throwable e = failure(ConfigLoader.load(vertx, Optional.of(file("- http\n- polling\n")), Map.of()));
    assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining(": must hold sections of keys");
  }

  @Test
  void missingFileIsNamed() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    Throwable e = failure(ConfigLoader.load(vertx, Optional.of(missing), Map.of()));
    assertThat(e).isInstanceOf(ConfigException.class).hasMessage("config file " + missing + ": not found");
    assertThat(((ConfigException) e).key()).isEqualTo(ConfigException.CONFIG_FILE);
  }

  @Test
  void commentedOutFileAndSectionsChangeNothing() throws Exception {
    FleetConfig defaults = ConfigLoader.defaults();
    assertThat(load(Optional.of(file("# nothing yet\n#http:\n#  port: 9000\n")), Map.of())).isEqualTo(defaults);
    assertThat(load(Optional.of(file("polling:\n#  allowWake: true\nhttp:\n")), Map.of())).isEqualTo(defaults);
    assertThat(load(Optional.of(file("polling:\n  budget:\n#    monthlyUsd: 5\n")), Map.of())).isEqualTo(defaults);
  }

  @Test
  void explicitNullClearsAnOptionalValue() throws Exception {
    FleetConfig config = load(Optional.of(file("polling: {budget: {monthlyUsdPerVehicle: 3}}\n")), Map.of());
    assertThat(config.polling().budget().monthlyUsdPerVehicle()).contains(3.0);
    // and null (the shipped default) reads as "no per-vehicle limit"
    assertThat(ConfigLoader.defaults().polling().budget().monthlyUsdPerVehicle()).isEmpty();
  }

  @Test
  void shippedConfFileHoldsEveryDefaultKeyWithTheDefaultValue() throws Exception {
    Path conf = Path.of("conf/fleet-poller.yaml");
    assertThat(ConfigLoader.readFile(conf)).isEqualTo(ConfigLoader.bundledDefaults());
    assertThat(load(Optional.of(conf), Map.of())).isEqualTo(ConfigLoader.defaults());
  }
}
