package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetApiTest {

  private SimHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private String token() {
    return h.login("acct-1").getString("access_token");
  }

  @Test
  void vehicleDataOnAnAsleepCarIs408() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = token();
    String vin = h.asleepVin("acct-1");
    HttpResponse<Buffer> response = h.get("/api/1/vehicles/" + vin + "/vehicle_data", token);
    assertThat(response.statusCode()).isEqualTo(408);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .putNull("response").put("error", "vehicle unavailable: vehicle is offline or asleep").put("error_description", ""));
  }

  @Test
  void wakeUpAnswersAsleepAndTheCarIsOnlineTenToSixtySecondsLater() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = token();
    String vin = h.asleepVin("acct-1");
    HttpResponse<Buffer> wake = h.post("/api/1/vehicles/" + vin + "/wake_up", token);
    assertThat(wake.statusCode()).isEqualTo(200);
    assertThat(wake.bodyAsJsonObject().getJsonObject("response").getString("state")).isEqualTo("asleep");
    h.clock.advance(Duration.ofSeconds(9));
    assertThat(state(vin, token)).isEqualTo("asleep");
    h.clock.advance(Duration.ofSeconds(51));
    assertThat(state(vin, token)).isEqualTo("online");
    assertThat(h.get("/api/1/vehicles/" + vin + "/vehicle_data", token).statusCode()).isEqualTo(200);
    JsonObject ledger = h.sim.ledger();
    assertThat(ledger.getLong("wakes")).isEqualTo(1);
    assertThat(ledger.getJsonObject("by_vehicle").getJsonObject(vin).getLong("wakes")).isEqualTo(1);
  }

  @Test
  void anIdleCarSleepsAfterSleepAfterUnlessVehicleDataKeepsItAwake() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = token();
    String vin = h.onlineVin("acct-1", token);
    // Polling vehicle_data every 10 minutes for an hour keeps it awake.
    for (int i = 0; i < 6; i++) {
      h.clock.advance(Duration.ofMinutes(10));
      assertThat(h.get("/api/1/vehicles/" + vin + "/vehicle_data", token).statusCode()).isEqualTo(200);
    }
    long caused = h.sim.ledger().getJsonObject("by_vehicle").getJsonObject(vin).getLong("awake_seconds_caused");
    // Woken by wake_up, so all its awake time counts: the hour plus the seconds before polling began.
    assertThat(caused).isBetween(3600L, 3650L);
    // The list and vehicle endpoints do not reset the idle timer.
    h.clock.advance(Duration.ofMinutes(10));
    assertThat(state(vin, token)).isEqualTo("online");
    assertThat(h.get("/api/1/vehicles", token).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofMinutes(5));
    assertThat(state(vin, token)).isEqualTo("asleep");
    assertThat(h.sim.ledger().getJsonObject("by_vehicle").getJsonObject(vin).getLong("awake_seconds_caused"))
        .isEqualTo(caused + 15 * 60);
  }

  @Test
  void dataCallsPastTheRateLimitGet429WithRetryAfterAndLeaveTheCarAlone() {
    h = SimHarness.start(SimulatorOptions.defaults().withRateLimitPerMinute(3));
    String token = token();
    String vin = h.onlineVin("acct-1", token); // the wake_up was the first call of a minute that has passed
    String path = "/api/1/vehicles/" + vin + "/vehicle_data";
    for (int i = 0; i < 3; i++) {
      assertThat(h.get(path, token).statusCode()).isEqualTo(200);
      h.clock.advance(Duration.ofSeconds(10));
    }
    HttpResponse<Buffer> limited = h.get(path, token);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("30");
    assertThat(limited.bodyAsJsonObject().getString("error")).isEqualTo("Retry in 30 seconds");
    h.clock.advance(Duration.ofSeconds(30));
    assertThat(h.get(path, token).statusCode()).isEqualTo(200);
    assertThat(h.sim.ledger().getJsonObject("status").getLong("429")).isEqualTo(1);
  }

  @Test
  void vehicleDataHasTeslasShapeAndHonoursEndpoints() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = token();
    String vin = h.onlineVin("acct-1", token);
    JsonObject full = h.get("/api/1/vehicles/" + vin + "/vehicle_data", token).bodyAsJsonObject().getJsonObject("response");
    assertThat(full.fieldNames()).contains("id", "vehicle_id", "vin", "display_name", "state", "in_service", "id_s",
        "api_version", "charge_state", "drive_state", "climate_state", "vehicle_state", "vehicle_config", "gui_settings");
    assertThat(full.getString("state")).isEqualTo("online");
    assertThat(full.getJsonObject("charge_state").fieldNames()).contains("battery_level", "usable_battery_level",
        "battery_range", "est_battery_range", "charging_state", "charger_power", "charger_voltage",
        "charger_actual_current", "charge_energy_added", "charge_limit_soc", "charge_rate", "time_to_full_charge",
        "minutes_to_full_charge", "timestamp");
    assertThat(full.getJsonObject("drive_state").fieldNames()).contains("shift_state", "speed", "power", "heading", "timestamp")
        .doesNotContain("latitude", "longitude");
    assertThat(full.getJsonObject("vehicle_state").getDouble("odometer")).isPositive();
    assertThat(full.getJsonObject("charge_state").getLong("timestamp")).isEqualTo(h.clock.now().toEpochMilli());
    assertThat(full.getJsonObject("vehicle_config").getString("car_type")).startsWith("model");

    JsonObject some = h.get("/api/1/vehicles/" + vin + "/vehicle_data?endpoints=charge_state%3Bdrive_state", token)
        .bodyAsJsonObject().getJsonObject("response");
    assertThat(some.fieldNames()).contains("charge_state", "drive_state")
        .doesNotContain("climate_state", "vehicle_state", "vehicle_config", "gui_settings");

    JsonObject located = h.get("/api/1/vehicles/" + vin + "/vehicle_data?endpoints=location_data;charge_state", token)
        .bodyAsJsonObject().getJsonObject("response");
    assertThat(located.getJsonObject("drive_state").fieldNames()).contains("latitude", "longitude", "gps_as_of");
  }

  @Test
  void locationDataNeedsTheVehicleLocationScope() {
    h = SimHarness.start(SimulatorOptions.defaults().withGrantedScopes(
        List.of("openid", "offline_access", "vehicle_device_data")));
    String token = token();
    String vin = h.onlineVin("acct-1", token);
    HttpResponse<Buffer> response = h.get("/api/1/vehicles/" + vin + "/vehicle_data?endpoints=location_data", token);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("Unauthorized missing scopes");
    assertThat(h.get("/api/1/vehicles/" + vin + "/vehicle_data?endpoints=charge_state", token).statusCode()).isEqualTo(200);
  }

  @Test
  void theListIsPaginatedAndShowsOnlyTheAccountsCars() {
    h = SimHarness.start(SimulatorOptions.defaults().withVehicles(5).withAccounts(2));
    String token = token();
    JsonObject first = h.get("/api/1/vehicles?page=1&per_page=2", token).bodyAsJsonObject();
    assertThat(first.getJsonArray("response")).hasSize(2);
    assertThat(first.getJsonObject("pagination")).isEqualTo(new JsonObject().putNull("previous").put("next", 2)
        .put("current", 1).put("per_page", 2).put("count", 3).put("pages", 2));
    assertThat(first.getInteger("count")).isEqualTo(3);
    JsonObject second = h.get("/api/1/vehicles?page=2&per_page=2", token).bodyAsJsonObject();
    assertThat(second.getJsonArray("response")).hasSize(1);
    assertThat(second.getJsonObject("pagination").getValue("next")).isNull();
    assertThat(second.getJsonObject("pagination").getInteger("previous")).isEqualTo(1);
    JsonArray all = h.get("/api/1/vehicles", token).bodyAsJsonObject().getJsonArray("response");
    assertThat(all).hasSize(3);
    JsonObject summary = all.getJsonObject(0);
    assertThat(summary.fieldNames()).contains("id", "vehicle_id", "vin", "display_name", "state", "in_service", "id_s");
    assertThat(h.get("/api/1/vehicles?page=x", token).statusCode()).isEqualTo(400);
  }

  @Test
  void aVehicleIsFoundByIdOrVinAndAnotherAccountsCarIsNotFound() {
    h = SimHarness.start(SimulatorOptions.defaults().withVehicles(2).withAccounts(2));
    String token = token();
    List<String> vins = h.sim.vins();
    JsonObject byVin = h.get("/api/1/vehicles/" + vins.get(0), token).bodyAsJsonObject().getJsonObject("response");
    assertThat(byVin.getString("vin")).isEqualTo(vins.get(0));
    JsonObject byId = h.get("/api/1/vehicles/" + byVin.getLong("id"), token).bodyAsJsonObject().getJsonObject("response");
    assertThat(byId.getString("vin")).isEqualTo(vins.get(0));
    HttpResponse<Buffer> other = h.get("/api/1/vehicles/" + vins.get(1), token);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject()).isEqualTo(new JsonObject().putNull("response").put("error", "not_found")
        .put("error_description", ""));
    assertThat(h.get("/api/1/vehicles/nope/vehicle_data", token).statusCode()).isEqualTo(404);
  }

  @Test
  void theRegionNamesThisSimulatorAsTheBaseUrl() {
    h = SimHarness.start(SimulatorOptions.defaults());
    JsonObject region = h.get("/api/1/users/region", token()).bodyAsJsonObject().getJsonObject("response");
    assertThat(region).isEqualTo(new JsonObject().put("region", "na").put("fleet_api_base_url", h.sim.baseUrl()));
  }

  @Test
  void anAccountMovedToAnotherRegionIsToldItsBaseUrlAndGets421Elsewhere() {
    h = SimHarness.start(SimulatorOptions.defaults().withAccounts(2));
    h.sim.accountRegion("acct-2", "eu");
    String token = h.login("acct-2").getString("access_token");
    assertThat(SimHarness.claims(token).getString("ou_code")).isEqualTo("EU");
    assertThat(SimHarness.claims(h.login("acct-1").getString("access_token")).getString("ou_code")).isEqualTo("NA");

    JsonObject region = h.get("/api/1/users/region", token).bodyAsJsonObject().getJsonObject("response");
    assertThat(region).isEqualTo(new JsonObject().put("region", "eu")
        .put("fleet_api_base_url", "https://fleet-api.prd.eu.vn.cloud.tesla.com"));
    HttpResponse<Buffer> list = h.get("/api/1/vehicles", token);
    assertThat(list.statusCode()).isEqualTo(421);
    assertThat(list.bodyAsJsonObject().getString("error"))
        .startsWith("user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com, see ");
    assertThat(h.sim.ledger().getJsonObject("status").getInteger("421")).isEqualTo(1);

    h.sim.accountRegion("acct-2", "na");
    assertThat(h.get("/api/1/vehicles", token).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> h.sim.accountRegion("acct-2", "mars"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mars");
    assertThatThrownBy(() -> h.sim.accountRegion("acct-9", "eu"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acct-9");
  }

  @Test
  void callsWithoutAValidAccessTokenAre401() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = token();
    HttpResponse<Buffer> missing = h.get("/api/1/vehicles", null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("missing_token");
    assertThat(h.get("/api/1/vehicles", "garbage").bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA";
    assertThat(h.get("/api/1/vehicles", forged).bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
    h.clock.advance(Duration.ofHours(8).plusSeconds(1));
    HttpResponse<Buffer> expired = h.get("/api/1/vehicles", token);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "token expired (401)"));
  }

  @Test
  void theLedgerBillsEveryAnswerBelow500() {
    h = SimHarness.start(SimulatorOptions.defaults().withRateLimitPerMinute(1));
    String token = token();
    String vin = h.asleepVin("acct-1");
    String data = "/api/1/vehicles/" + vin + "/vehicle_data";
    assertThat(h.get(data, token).statusCode()).isEqualTo(408); // $0.002
    assertThat(h.get(data, token).statusCode()).isEqualTo(429); // $0.002
    assertThat(h.get("/api/1/vehicles", token).statusCode()).isEqualTo(200); // free by default
    h.clock.advance(Duration.ofMinutes(1));
    assertThat(h.post("/api/1/vehicles/" + vin + "/wake_up", token).statusCode()).isEqualTo(200); // $0.02
    assertThat(h.addFault(new JsonObject().put("vin", vin).put("endpoint", "vehicle_data").put("status", 503)
        .put("count", 1)).statusCode()).isEqualTo(201);
    assertThat(h.get(data, token).statusCode()).isEqualTo(503); // not billed
    assertThat(h.get("/api/1/vehicles", null).statusCode()).isEqualTo(401); // no app to bill

    JsonObject ledger = h.get("/sim/ledger", null).bodyAsJsonObject();
    assertThat(ledger.getDouble("usd_total")).isEqualTo(0.024);
    assertThat(ledger.getJsonObject("requests")).isEqualTo(new JsonObject().put("list", 2).put("vehicle", 0)
        .put("vehicle_data", 3).put("wake_up", 1).put("region", 0));
    assertThat(ledger.getJsonObject("status")).isEqualTo(new JsonObject().put("200", 2).put("401", 1)
        .put("408", 1).put("429", 1).put("503", 1));
    JsonObject car = ledger.getJsonObject("by_vehicle").getJsonObject(vin);
    assertThat(car.getDouble("usd")).isEqualTo(0.024);
    assertThat(car.getJsonObject("requests").getLong("vehicle_data")).isEqualTo(3);
    assertThat(car.getLong("wakes")).isEqualTo(1);
    assertThat(ledger.getJsonObject("by_account").getJsonObject("acct-1").getDouble("usd")).isEqualTo(0.024);
    assertThat(ledger.getJsonObject("token_grants").getLong("authorization_code")).isEqualTo(1);
    assertThat(h.sim.ledger().getDouble("usd_total")).isEqualTo(0.024);
  }

  @Test
  void badInputGetsJsonErrorsAndTheServerCarriesOn() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> unknown = h.get("/no/such/path", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    HttpResponse<Buffer> huge = h.web.postAbs(h.sim.tokenUrl()).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("a=" + "x".repeat(100_000))).await();
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> badJson = h.web.postAbs(h.sim.tokenUrl()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{not json")).await();
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
    HttpResponse<Buffer> noGrant = h.tokenForm(MultiMap.caseInsensitiveMultiMap().add("%%%", "&&"));
    assertThat(noGrant.statusCode()).isEqualTo(400);
    assertThat(h.get("/api/1/users/region", token()).statusCode()).isEqualTo(200);
  }

  @Test
  void aDayOfFiveCarsSeenThroughTheAdminViewHasDrivesAndChargesButNeverBothAtOnce() {
    h = SimHarness.start(SimulatorOptions.defaults(), Instant.parse("2024-01-10T00:00:00Z"));
    Set<String> seen = new HashSet<>();
    for (int step = 0; step < 24 * 6; step++) {
      for (Object o : h.adminVehicles()) {
        JsonObject car = (JsonObject) o;
        seen.add(car.getString("activity"));
        boolean driving = "D".equals(car.getString("shift_state")) || "R".equals(car.getString("shift_state"));
        assertThat(driving && "Charging".equals(car.getString("charging_state"))).isFalse();
        assertThat(car.getDouble("battery_level")).isBetween(0.0, 100.0);
      }
      h.clock.advance(Duration.ofMinutes(10));
    }
    assertThat(seen).contains("driving", "charging", "parked");
  }

  @Test
  void carsLiveOnAFastScaledClock() throws InterruptedException {
    FleetClock fast =
        FleetClock.scaled(3600, Instant.parse("2024-01-10T06:00:00Z"));
    Vertx vertx = Vertx.vertx();
    try {
      FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.defaults(), fast).await();
      WebClient web = WebClient.create(vertx);
      Supplier<Double> totalMiles = () -> {
        JsonArray cars = web.getAbs(sim.baseUrl() + "/sim/vehicles").send().await().bodyAsJsonObject().getJsonArray("response");
        double sum = 0;
        for (Object car : cars) {
          sum += ((JsonObject) car).getDouble("odometer");
        }
        return sum;
      };
      double start = totalMiles.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (totalMiles.get() <= start && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling a condition with a deadline
      }
      assertThat(totalMiles.get()).isGreaterThan(start);
      sim.close().await();
    } finally {
      vertx.close().await();
    }
  }

  private String state(String vin, String token) {
    return h.get("/api/1/vehicles/" + vin, token).bodyAsJsonObject().getJsonObject("response").getString("state");
  }
}
