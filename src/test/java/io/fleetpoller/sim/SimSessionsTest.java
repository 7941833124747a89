package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's ground truth: every drive and charge that happened, for benchmarks to score against. */
class SimSessionsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aSimulatedDayRecordsDrivesAndChargesThatNeverOverlapPerCar() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T00:00:00Z"));
    FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.defaults().withVehicles(5), clock).await();

    clock.advance(Duration.ofHours(24));
    var sessions = sim.sessions();

    long drives = sessions.values().stream().flatMap(List::stream).filter(s -> s.kind() == SimSession.Kind.DRIVE).count();
    long charges = sessions.values().stream().flatMap(List::stream).filter(s -> s.kind() == SimSession.Kind.CHARGE).count();
    assertThat(drives).isGreaterThanOrEqualTo(5);
    assertThat(charges).isPositive();
    sessions.forEach((vin, list) -> {
      for (int i = 0; i < list.size(); i++) {
        SimSession s = list.get(i);
        if (s.end() != null) {
          assertThat(s.end()).as(vin + " " + s).isAfter(s.start());
        }
        if (i + 1 < list.size()) {
          assertThat(s.end()).as(vin + ": a session ends before the next begins").isNotNull();
          assertThat(list.get(i + 1).start()).isAfterOrEqualTo(s.end());
        }
      }
    });

    JsonObject overHttp = WebClient.create(vertx).getAbs(sim.baseUrl() + "/sim/sessions").send().await()
        .bodyAsJsonObject().getJsonObject("response");
    assertThat(overHttp.fieldNames()).containsExactlyInAnyOrderElementsOf(sim.vins());
    assertThat(overHttp.getJsonArray(sim.vins().get(0)).size()).isEqualTo(sessions.get(sim.vins().get(0)).size());
  }

  @Test
  void eachCarsTotalAwakeSecondsShowInTheLedgerAndVehicleListNextToTheCausedOnes() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T00:00:00Z"));
    FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.defaults().withVehicles(5), clock).await();

    clock.advance(Duration.ofHours(24));
    var awake = sim.awakeSeconds();

    assertThat(awake.keySet()).containsExactlyElementsOf(sim.vins());
    assertThat(awake.values()).allSatisfy(seconds -> assertThat(seconds).isBetween(0L, 24 * 3600L));
    assertThat(awake.values().stream().mapToLong(Long::longValue).sum()).as("cars drove, so were awake").isPositive();
    JsonObject byVehicle = sim.ledger().getJsonObject("by_vehicle");
    JsonArray overHttp = WebClient.create(vertx).getAbs(sim.baseUrl() + "/sim/vehicles").send().await()
        .bodyAsJsonObject().getJsonArray("response");
    for (int i = 0; i < overHttp.size(); i++) {
      JsonObject car = overHttp.getJsonObject(i);
      String vin = car.getString("vin");
      assertThat(car.getLong("awake_seconds")).isEqualTo(awake.get(vin));
      assertThat(car.getLong("awake_seconds_caused")).as("nobody called the cars").isZero();
      assertThat(byVehicle.getJsonObject(vin).getLong("awake_seconds")).isEqualTo(awake.get(vin));
    }
  }
}
