package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.json.JsonArray;
import io.fleetpoller.testing.Await;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Triage end to end: the daemon against the simulator's fault injection, each refusal classified,
 * shown (event bus, {@code /api/triage}, metrics) and acted on.
 */
class TriageIT {

  private static final Instant MORNING = Instant.parse("2026-03-02T07:00:00Z");

  @TempDir Path dir;
  private SimulatedFleet fleet;
  private SimulatedFleet.Instance daemon;
  private final List<JsonObject> calls = new CopyOnWriteArrayList<>();
  private final List<JsonObject> triage = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close().await();
    }
  }

  private void start(SimulatorOptions sim) {
    FleetClock clock = FleetClock.scaled(600, MORNING);
    fleet = SimulatedFleet.start(sim.withSeed(11), clock, ConfigLoader.defaults(), dir, c -> c).await();
    daemon = fleet.startInstance("triage").await();
    daemon.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> calls.add(m.body()));
    daemon.vertx().eventBus().<JsonObject>consumer(EventAddresses.TRIAGE, m -> triage.add(m.body()));
  }

  /** A car the daemon is polling right now. */
  private String aPolledCar() {
    Await.until(() -> calls.stream().anyMatch(c -> isData(c) && c.getInteger("status") == 200),
        Duration.ofSeconds(60));
    return calls.stream().filter(c -> isData(c) && c.getInteger("status") == 200).findFirst().orElseThrow()
        .getString("vehicle");
  }

  private static boolean isData(JsonObject call) {
    return "vehicle_data".equals(call.getString("endpoint"));
  }

  private void fault(JsonObject spec) {
    var answer = WebClient.create(daemon.vertx()).postAbs(fleet.sim().baseUrl() + "/sim/faults")
        .sendJsonObject(spec).await();
    assertThat(answer.statusCode()).isLessThan(300);
  }

  private JsonArray apiTriage(String query) {
    return WebClient.create(daemon.vertx()).get(daemon.daemon().httpPort(), "127.0.0.1", "/api/triage" + query)
        .send().await().bodyAsJsonArray();
  }

  @Test
  void aCarRefusedForAMissingScopeGetsAtMostThreeSuchCallsAndTheOthersGoOn() throws Exception {
    start(SimulatorOptions.defaults().withVehicles(6));
    String vin = aPolledCar();
    fault(new JsonObject().put("vin", vin).put("endpoint", "vehicle_data").put("status", 403)
        .put("body", new JsonObject().putNull("response").put("error", "Unauthorized missing scopes")
            .put("error_description", "")));
    Await.until(() -> triage.stream().anyMatch(t -> "missing_scope".equals(t.getString("reason"))),
        Duration.ofSeconds(30));
    int othersBefore = (int) calls.stream().filter(c -> isData(c) && !vin.equals(c.getString("vehicle"))).count();
    Thread.sleep(8_000); // 80 simulated minutes

    long refused = calls.stream().filter(c -> isData(c) && vin.equals(c.getString("vehicle"))
        && c.getInteger("status") == 403).count();
    assertThat(refused).isBetween(1L, 3L);
    JsonObject event = triage.stream().filter(t -> "missing_scope".equals(t.getString("reason"))).findFirst()
        .orElseThrow();
    assertThat(event.getString("vehicle")).isEqualTo(vin);
    // The simulator's token grants vehicle_device_data, so no scope is named against its claims.
    assertThat(event.getJsonObject("details").getString("endpoint")).isEqualTo("vehicle_data");
    assertThat(event.getJsonObject("details").getString("scope")).isNull();
    assertThat(event.getString("action")).contains("/auth/login?account=");
    long othersAfter = calls.stream().filter(c -> isData(c) && !vin.equals(c.getString("vehicle"))).count();
    assertThat(othersAfter).as("the other cars keep being polled").isGreaterThan(othersBefore);
    assertThat(apiTriage("?reason=missing_scope")).isNotEmpty()
        .allSatisfy(e -> assertThat(((JsonObject) e).getString("reason")).isEqualTo("missing_scope"));
    assertThat(daemon.metrics().scrape()).contains("fleet_triage_events_total{reason=\"missing_scope\"}");
    String page = WebClient.create(daemon.vertx()).get(daemon.daemon().httpPort(), "127.0.0.1", "/").send().await()
        .bodyAsString();
    assertThat(page).as("the status page").contains(vin).contains("missing_scope").contains(event.getString("action")
        .replace("\"", "&quot;").replace("'", "&#39;"));
  }

  static Stream<Arguments> refusedAccessTokens() {
    return Stream.of(
        Arguments.of(new JsonObject().put("error", "token expired (401)"), "access_token_expired",
            "refresh_and_retry_once"),
        Arguments.of(new JsonObject().put("error", "invalid_token").put("error_description", "Invalid bearer token"),
            "access_token_invalid", "reread_store_and_retry"));
  }

  @ParameterizedTest
  @MethodSource("refusedAccessTokens")
  void aRefusedAccessTokenIsTriagedReplacedOnceAndTheCallRetried(JsonObject body, String reason, String action) {
    start(SimulatorOptions.defaults().withVehicles(6));
    String vin = aPolledCar();
    fault(new JsonObject().put("vin", vin).put("endpoint", "vehicle_data").put("status", 401).put("count", 1)
        .put("body", body));
    Await.until(() -> triage.stream().anyMatch(t -> reason.equals(t.getString("reason"))), Duration.ofSeconds(30));

    JsonObject event = triage.stream().filter(t -> reason.equals(t.getString("reason"))).findFirst().orElseThrow();
    assertThat(event.getString("auto_action")).isEqualTo(action);
    assertThat(event.getString("vehicle")).isEqualTo(vin);
    // The retry with a replaced token answered.
    Await.until(() -> {
      boolean after401 = false;
      for (JsonObject c : calls) {
        if (isData(c) && vin.equals(c.getString("vehicle"))) {
          if (c.getInteger("status") == 401) {
            after401 = true;
          } else if (after401 && c.getInteger("status") == 200) {
            return true;
          }
        }
      }
      return false;
    }, Duration.ofSeconds(30));
    assertThat(calls.stream().filter(c -> isData(c) && c.getInteger("status") == 401).count()).isEqualTo(1);
  }

  static Stream<Arguments> accountWideRefusals() {
    return Stream.of(
        Arguments.of(412, new JsonObject().put("error", "Account 0000-client-id must be registered in the current"
            + " region https://fleet-api.prd.na.vn.cloud.tesla.com, please see"
            + " https://developer.tesla.com/docs/fleet-api/endpoints/partner-endpoints#register"),
            "partner_not_registered"),
        Arguments.of(403, new JsonObject().put("error", "account disabled: EXCEEDED_LIMIT"), "billing_limit"),
        Arguments.of(423, new JsonObject().put("error", "account locked"), "account_locked"));
  }

  @ParameterizedTest
  @MethodSource("accountWideRefusals")
  void anAccountWideRefusalPausesTheAccountWithoutHammering(int status, JsonObject body, String reason)
      throws Exception {
    start(SimulatorOptions.defaults().withVehicles(6));
    aPolledCar();
    fault(new JsonObject().put("account", "acct-1").put("endpoint", "vehicle_data").put("status", status)
        .put("body", body));
    Await.until(() -> triage.stream().anyMatch(t -> reason.equals(t.getString("reason"))), Duration.ofSeconds(30));
    // The refused car's account is paused (for 30 simulated minutes: 3 s here).
    Await.until(() -> daemon.daemon().vehicles().all().stream().anyMatch(v -> "paused".equals(v.activity())),
        Duration.ofSeconds(3));
    Thread.sleep(6_000); // 60 simulated minutes: two 30-minute pauses at most

    long refused = calls.stream().filter(c -> isData(c) && c.getInteger("status") == status).count();
    assertThat(refused).as("%s refusals in an hour for 6 cars", refused).isLessThanOrEqualTo(3 * 6);
    assertThat(triage.stream().filter(t -> reason.equals(t.getString("reason"))).count())
        .as("repeats within 5 minutes are folded into one event").isLessThanOrEqualTo(13);
  }

  @Test
  void aWrongRegionSwitchesTheAccountsBaseUrlAndRetries() {
    start(SimulatorOptions.defaults().withVehicles(6));
    String vin = aPolledCar();
    // The "other region" is the same simulator under another host name.
    String otherRegion = fleet.sim().baseUrl().replace("127.0.0.1", "localhost");
    fault(new JsonObject().put("vin", vin).put("endpoint", "vehicle_data").put("status", 421).put("count", 1)
        .put("body", new JsonObject().putNull("response")
            .put("error", "user out of region, use base URL: " + otherRegion
                + ", see https://developer.tesla.com/docs/fleet-api#regional-requirements")
            .put("error_description", "")));
    Await.until(() -> triage.stream().anyMatch(t -> "wrong_region".equals(t.getString("reason"))),
        Duration.ofSeconds(30));
    int at421 = calls.size();
    Await.until(() -> calls.stream().skip(at421).anyMatch(c -> isData(c) && vin.equals(c.getString("vehicle"))
        && c.getInteger("status") == 200) || daemon.daemon().vehicles().get(vin)
        .map(v -> "asleep".equals(v.activity()) || "letting_sleep".equals(v.activity())).orElse(false),
        Duration.ofSeconds(30));

    JsonObject event = triage.stream().filter(t -> "wrong_region".equals(t.getString("reason"))).findFirst()
        .orElseThrow();
    assertThat(event.getJsonObject("details").getString("base_url")).isEqualTo(otherRegion);
    assertThat(event.getString("auto_action")).isEqualTo("switch_region_and_retry");
    // Kept across restarts, beside the token file.
    Await.until(() -> new io.fleetpoller.poll.FileAccountRegions(daemon.vertx(), dir.resolve("regions.json"))
        .all().await().containsKey("acct-1"), Duration.ofSeconds(10));
    assertThat(new io.fleetpoller.poll.FileAccountRegions(daemon.vertx(), dir.resolve("regions.json")).all().await())
        .containsEntry("acct-1", otherRegion);
  }

  @Test
  void aRevokedRefreshTokenMakesTheAccountNeedConsentAfterAtMostTwoAttemptsAndIsTriaged() {
    // Access tokens live 30 simulated minutes (3 s real): the daemon refreshes soon.
    start(SimulatorOptions.defaults().withVehicles(3).withTokenTtl(Duration.ofMinutes(30)));
    fault(new JsonObject().put("endpoint", "token").put("status", 401)
        .put("body", new JsonObject().put("error", "login_required").put("error_description", "Login required")));

    Await.until(() -> triage.stream().anyMatch(t -> "refresh_token_invalid".equals(t.getString("reason"))),
        Duration.ofSeconds(60));

    JsonObject event = triage.stream().filter(t -> "refresh_token_invalid".equals(t.getString("reason")))
        .findFirst().orElseThrow();
    assertThat(event.getString("account")).isEqualTo("acct-1");
    assertThat(event.getJsonObject("details").getString("reconsent_path")).isEqualTo("/auth/login?account=acct-1");
    JsonObject token = WebClient.create(daemon.vertx())
        .get(daemon.daemon().httpPort(), "127.0.0.1", "/api/accounts").send().await().bodyAsJsonArray().getJsonObject(0);
    assertThat(token.encode()).contains("needs_consent");
    long attempts = calls.stream().filter(c -> "token".equals(c.getString("endpoint"))
        && c.getInteger("status") == 401).count();
    assertThat(attempts).as("refused refresh attempts").isBetween(1L, 2L);
    assertThat(apiTriage("?account=acct-1")).isNotEmpty();
  }
}
