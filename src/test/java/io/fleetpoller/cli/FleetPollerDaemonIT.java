package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.TrackedVehicle;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.telemetry.MetricsRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.fleetpoller.testing.Await;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole daemon against the simulator over loopback HTTP, time running 600 times faster. */
class FleetPollerDaemonIT {

  private static final int VEHICLES = 4;
  // 07:00 UTC: the simulated fleet wakes up for the morning commute.
  private static final FleetClock CLOCK = FleetClock.scaled(600, Instant.parse("2026-03-02T07:00:00Z"));

  @TempDir static Path workDir;
  static Vertx vertx;
  static PrometheusMeterRegistry metrics;
  static FleetSimulator sim;
  static FleetPollerDaemon daemon;
  static WebClient http;

  @BeforeAll
  static void startSimulatorAndDaemon() throws Exception {
    metrics = MetricsRuntime.newRegistry();
    vertx = MetricsRuntime.newVertx(metrics);
    // Access tokens live 30 simulated minutes (3 s real): the daemon must keep rotating them.
    sim = FleetSimulator.start(vertx, SimulatorOptions.defaults().withVehicles(VEHICLES)
        .withTokenTtl(Duration.ofMinutes(30)), CLOCK).await();
    FleetConfig config = DemoCommand.demoConfig(
        ConfigLoader.load(vertx, Optional.empty(), Map.of()).await(), sim, workDir);
    TokenStore store = FileTokenStore.open(vertx, config.tokens().file(),
        TokenCipher.fromBase64Key(config.tokens().encryptionKey().orElseThrow())).await();
    FleetApiClient authApi = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(config.tesla().clientId().orElseThrow(), config.tesla().clientSecret().orElseThrow()), CLOCK);
    SimulatorLogin.login(vertx, config.tesla(), authApi, store, CLOCK, "acct-1", "acct-1").await();
    daemon = FleetPollerDaemon.start(vertx, metrics, config, CLOCK, store).await();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void everyVehicleIsListedAndEveryOnlineOneGetsASnapshot() {
    Await.until(() -> daemon.vehicles().all().size() == VEHICLES
        && daemon.vehicles().all().stream().anyMatch(v -> v.lastData() != null), Duration.ofSeconds(20));

    assertThat(daemon.vehicles().all()).extracting(TrackedVehicle::vin).containsExactlyInAnyOrderElementsOf(sim.vins());
    JsonArray api = http.get(daemon.httpPort(), "127.0.0.1", "/api/vehicles").send().await().bodyAsJsonArray();
    assertThat(api).hasSize(VEHICLES);
    JsonObject first = api.getJsonObject(0);
    assertThat(first.fieldNames()).contains("vin", "state", "battery_level", "last_snapshot_at", "next_poll_at", "calls", "usd");
  }

  @Test
  void sleepingCarsAreNeverAskedForDataSoNoneIsWoken() {
    Await.until(() -> sim.ledger().getJsonObject("requests").getInteger("list", 0) >= 5, Duration.ofSeconds(20));
    JsonObject ledger = sim.ledger();
    assertThat(ledger.getInteger("wakes", 0)).isZero();
    assertThat(ledger.getJsonObject("requests").getInteger("wake_up", 0)).isZero();
    for (TrackedVehicle v : daemon.vehicles().all()) {
      if (v.state() == VehicleOnlineState.ASLEEP && v.lastData() == null) {
        JsonObject byVehicle = ledger.getJsonObject("by_vehicle").getJsonObject(v.vin(), new JsonObject());
        assertThat(byVehicle.getJsonObject("requests", new JsonObject()).getInteger("vehicle_data", 0))
            .as("vehicle_data calls to %s, asleep and never polled", v.vin()).isZero();
      }
    }
  }

  @Test
  void accessTokensAreRotatedWithoutEverReusingARefreshToken() {
    Await.until(() -> sim.ledger().getJsonObject("token_grants").getInteger("refresh_token", 0) >= 2,
        Duration.ofSeconds(30));
    JsonObject ledger = sim.ledger();
    assertThat(ledger.getInteger("refresh_token_reuse", 0)).isZero();
    assertThat(ledger.getJsonObject("status").getInteger("401", 0)).isZero();
  }

  @Test
  void metricsAreServedInPrometheusText() {
    Await.until(() -> daemon.vehicles().all().stream().anyMatch(v -> v.lastData() != null), Duration.ofSeconds(20));
    var response = http.get(daemon.httpPort(), "127.0.0.1", "/metrics").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(response.bodyAsString())
        .contains("fleet_api_requests_total{endpoint=\"list\",status=\"200\"}")
        .contains("fleet_api_request_seconds_count{endpoint=\"vehicle_data\"}")
        .contains("fleet_api_request_seconds_bucket{endpoint=\"vehicle_data\",le=\"")
        .contains("fleet_api_cost_usd_total{account=\"acct-1\",kind=\"vehicle_data\"}")
        .contains("fleet_vehicle_battery_level_percent{vehicle=\"")
        .contains("fleet_vehicle_state{state=\"online_idle\",vehicle=\"")
        .contains("fleet_budget_remaining_usd{scope=\"app\"}")
        .contains("fleet_poll_schedule_lag_seconds_bucket{le=\"")
        .contains("fleet_token_expires_in_seconds{account=\"acct-1\"}")
        .contains("fleet_token_refresh_total{account=\"acct-1\",result=\"success\"}")
        .contains("fleet_lock_acquire_total{lock=\"refresh\",result=\"acquired\"}")
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_client_");
  }

  @Test
  void loginRedirectsToTheAuthorizePageWithStateAndPkce() {
    var noRedirects = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setFollowRedirects(false));
    var response = noRedirects.get(daemon.httpPort(), "127.0.0.1", "/auth/login?account=acct-1").send().await();
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.getHeader("Location"))
        .startsWith(sim.authorizeUrl() + "?response_type=code&client_id=sim-client-id")
        .contains("state=").contains("code_challenge_method=S256");
  }

  @Test
  void accountsShowTokenHealthWithoutSecrets() {
    Await.until(() -> sim.ledger().getJsonObject("token_grants").getInteger("refresh_token", 0) >= 1,
        Duration.ofSeconds(30));
    var body = http.get(daemon.httpPort(), "127.0.0.1", "/api/accounts").send().await().bodyAsString();
    JsonObject account = new JsonArray(body).getJsonObject(0);
    assertThat(account.getString("account")).isEqualTo("acct-1");
    assertThat(account.getString("state")).isEqualTo("active");
    assertThat(account.getJsonArray("scopes")).contains("vehicle_device_data");
    assertThat(body).doesNotContain("eyJ").doesNotContain("NA_");
  }

  @Test
  void healthLiveAndReadyAnswerUp() {
    var live = http.get(daemon.httpPort(), "127.0.0.1", "/health/live").send().await();
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    Await.until(() -> http.get(daemon.httpPort(), "127.0.0.1", "/health/ready").send().await().statusCode() == 200,
        Duration.ofSeconds(10));
  }

  @Test
  void theDaemonsTallyMatchesTheSimulatorsLedger() {
    Await.until(() -> daemon.vehicles().all().stream().anyMatch(v -> v.calls() > 0), Duration.ofSeconds(20));
    // Stop counting for a moment is not possible, so compare with a tolerance of calls in flight.
    JsonObject ledger = sim.ledger();
    long daemonCalls = daemon.vehicles().all().stream().mapToLong(TrackedVehicle::calls).sum();
    long ledgerCalls = ledger.getJsonObject("by_vehicle").stream()
        .mapToLong(e -> ((JsonObject) e.getValue()).getJsonObject("requests").stream()
            .mapToLong(r -> ((Number) r.getValue()).longValue()).sum())
        .sum();
    assertThat(daemonCalls).isBetween(ledgerCalls - VEHICLES, ledgerCalls + VEHICLES);
  }
}
