package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.poll.TrackedVehicle;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.fleetpoller.testing.Await;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost-aware poller against the simulator, time running fast: several instances on one real
 * Redis, an instance dying, a 429 storm and a spent budget.
 */
@ExtendWith(RedisServerExtension.class)
class CostAwarePollingIT {

  private static final Instant MORNING = Instant.parse("2026-03-02T07:00:00Z");
  private static final int VEHICLES = 6;

  @TempDir Path dir;
  private final List<SimulatedFleet> fleets = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopFleets() {
    fleets.forEach(fleet -> fleet.close().await());
  }

  private SimulatedFleet fleet(FleetClock clock, String subdir, UnaryOperator<FleetConfig> configure)
      throws Exception {
    FleetConfig defaults = ConfigLoader.defaults();
    Path work = dir.resolve(subdir);
    java.nio.file.Files.createDirectories(work);
    SimulatedFleet fleet = SimulatedFleet.start(SimulatorOptions.defaults().withVehicles(VEHICLES).withSeed(11),
        clock, defaults, work, configure).await();
    fleets.add(fleet);
    return fleet;
  }

  private static UnaryOperator<FleetConfig> onRedis(RedisServerProcess redis, String prefix) {
    return config -> {
      FleetConfig.Tokens t = config.tokens();
      return config.withRedis(new FleetConfig.Redis(Optional.of(redis.url()), prefix))
          .withTokens(new FleetConfig.Tokens(FleetConfig.Tokens.STORE_REDIS, t.file(), t.encryptionKey(),
              t.refreshAhead(), t.lockTtl(), t.spillFile()));
    };
  }

  private static Map<String, Integer> dataCallsByVehicle(SimulatedFleet fleet) {
    JsonObject byVehicle = fleet.sim().ledger().getJsonObject("by_vehicle", new JsonObject());
    Map<String, Integer> calls = new HashMap<>();
    for (String vin : fleet.sim().vins()) {
      calls.put(vin, byVehicle.getJsonObject(vin, new JsonObject()).getJsonObject("requests", new JsonObject())
          .getInteger("vehicle_data", 0));
    }
    return calls;
  }

  private static int total(Map<String, Integer> calls) {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void twoInstancesOnOneRedisPollEachCarNoMoreOftenThanOneInstance(RedisServerProcess redis) throws Exception {
    // Side by side, so both feel the same machine load: one fleet polled by one instance, its twin
    // (same seed, same simulated morning) by two instances on one Redis. Both set up first, then
    // both clocks start together and run to the same simulated instant.
    Instant end = MORNING.plus(Duration.ofMinutes(120));
    SimulatedFleet alone = fleet(FleetClock.scaled(300, MORNING), "one", onRedis(redis, "one:"));
    SimulatedFleet shared = fleet(FleetClock.scaled(300, MORNING), "two", onRedis(redis, "two:"));
    alone.startInstance("solo").await();
    var first = shared.startInstance("first").await();
    var second = shared.startInstance("second").await();
    List<JsonObject> callsByFirst = new CopyOnWriteArrayList<>();
    List<JsonObject> callsBySecond = new CopyOnWriteArrayList<>();
    first.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> callsByFirst.add(m.body()));
    second.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> callsBySecond.add(m.body()));
    Await.until(() -> !alone.clock().now().isBefore(end) && !shared.clock().now().isBefore(end),
        Duration.ofSeconds(90));
    Map<String, Integer> one = dataCallsByVehicle(alone);
    Map<String, Integer> two = dataCallsByVehicle(shared);

    assertThat(total(one)).as("one instance polled someone").isPositive();
    assertThat(total(two)).as("two instances, %s; one instance, %s", two, one)
        .isLessThanOrEqualTo(total(one) + total(one) / 10 + 3);
    for (String vin : two.keySet()) {
      assertThat(two.get(vin)).as("%s: two instances %s, one %s", vin, two.get(vin), one.get(vin))
          .isLessThanOrEqualTo(one.get(vin) + one.get(vin) / 5 + 2);
    }
    // Both were at work on the shared fleet. Which one polls a car is decided by who takes its lease
    // first (the one whose list sees it wake first, then keeps it), so the second instance may
    // legitimately poll none: the bound above is what proves it never polled a car the first had.
    assertThat(callsByFirst).as("the first instance polled").anyMatch(c -> "vehicle_data".equals(c.getString("endpoint")));
    assertThat(callsBySecond).as("the second instance listed the fleet").anyMatch(c -> "list".equals(c.getString("endpoint")));
    assertThat(second.daemon().vehicles().all()).as("the second instance tracks every car")
        .extracting(TrackedVehicle::vin).containsExactlyInAnyOrderElementsOf(shared.sim().vins());
  }

  @Test
  void aKilledInstancesCarsArePolledByTheOtherWithinOneInterval(RedisServerProcess redis) throws Exception {
    FleetClock clock = FleetClock.scaled(60, MORNING);
    SimulatedFleet fleet = fleet(clock, "kill",
        c -> withRequestTimeout(onRedis(redis, "kill:").apply(c), Duration.ofMillis(500)));
    // The doomed instance starts first and polls, so it holds some cars' leases when it dies.
    var doomed = fleet.startInstance("doomed").await();
    List<JsonObject> doomedCalls = new CopyOnWriteArrayList<>();
    doomed.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> doomedCalls.add(m.body()));
    Await.until(() -> doomedCalls.stream().anyMatch(c -> "vehicle_data".equals(c.getString("endpoint"))),
        Duration.ofSeconds(60));
    var survivor = fleet.startInstance("survivor").await();
    List<JsonObject> survivorCalls = new CopyOnWriteArrayList<>();
    survivor.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> survivorCalls.add(m.body()));
    Await.until(() -> survivor.daemon().vehicles().all().stream().anyMatch(v -> v.nextPollAt() != null),
        Duration.ofSeconds(60));

    Instant killedAt = clock.now();
    Map<String, Instant> dueAtKill = new HashMap<>();
    for (TrackedVehicle v : survivor.daemon().vehicles().all()) {
      if (v.nextPollAt() != null) {
        dueAtKill.put(v.vin(), v.nextPollAt().isBefore(killedAt) ? killedAt : v.nextPollAt());
      }
    }
    fleet.kill(doomed).await();

    // One interval: the online interval (the longest awake one) and the 20% a kept lease outlives
    // it, plus the lease a fetch in flight at the kill may have left (requestTimeout + 2 s real =
    // 2.5 simulated minutes at x60).
    Duration online = fleet.config().polling().intervals().online();
    Duration oneInterval = online.plus(online.dividedBy(5)).plus(clock.simulated(2_500));
    for (Map.Entry<String, Instant> due : dueAtKill.entrySet()) {
      Instant deadline = due.getValue().plus(oneInterval);
      Await.until(() -> survivorCalls.stream().anyMatch(c -> due.getKey().equals(c.getString("vehicle"))
              && "vehicle_data".equals(c.getString("endpoint")) && Instant.parse(c.getString("at")).isAfter(killedAt))
              || clock.now().isAfter(deadline.plusSeconds(60)),
          Duration.ofSeconds(60));
      Optional<Instant> polled = survivorCalls.stream()
          .filter(c -> due.getKey().equals(c.getString("vehicle")) && "vehicle_data".equals(c.getString("endpoint")))
          .map(c -> Instant.parse(c.getString("at"))).filter(at -> at.isAfter(killedAt)).findFirst();
      // A car that fell asleep meanwhile is rightly left alone.
      boolean asleep = survivor.daemon().vehicles().get(due.getKey())
          .map(v -> "asleep".equals(v.activity()) || "offline".equals(v.activity()) || "letting_sleep".equals(v.activity()))
          .orElse(false);
      if (!asleep) {
        assertThat(polled).as("%s, due at %s when the other instance died at %s", due.getKey(), due.getValue(), killedAt)
            .isPresent();
        assertThat(polled.get()).isBeforeOrEqualTo(deadline);
      }
    }
  }

  @Test
  void aRateLimitStormIsWaitedOutPerCarAsRetryAfterSays() throws Exception {
    FleetClock clock = FleetClock.scaled(60, MORNING);
    SimulatedFleet fleet = fleet(clock, "storm", c -> c);
    var instance = fleet.startInstance("storm").await();
    List<JsonObject> calls = new CopyOnWriteArrayList<>();
    instance.vertx().eventBus().<JsonObject>consumer(EventAddresses.API_CALL, m -> calls.add(m.body()));
    Await.until(() -> calls.stream().anyMatch(c -> "vehicle_data".equals(c.getString("endpoint"))),
        Duration.ofSeconds(30));

    WebClient client = WebClient.create(instance.vertx());
    var fault = new JsonObject().put("account", fleet.sim().accounts().get(0)).put("endpoint", "vehicle_data")
        .put("status", 429).put("headers", new JsonObject().put("Retry-After", "300")).put("count", 8);
    assertThat(client.postAbs(fleet.sim().baseUrl() + "/sim/faults").sendJsonObject(fault).await().statusCode())
        .isLessThan(300);
    Await.until(() -> calls.stream().filter(c -> c.getInteger("status") == 429).count() >= 8, Duration.ofSeconds(60));
    Await.until(() -> lastIsSuccessAfter429(calls), Duration.ofSeconds(60));

    // No car is asked again sooner than Retry-After (300 simulated seconds) after its 429.
    Map<String, Instant> limitedAt = new HashMap<>();
    for (JsonObject call : calls) {
      if (!"vehicle_data".equals(call.getString("endpoint"))) {
        continue;
      }
      String vin = call.getString("vehicle");
      Instant at = Instant.parse(call.getString("at"));
      Instant limited = limitedAt.get(vin);
      if (limited != null) {
        assertThat(Duration.between(limited, at)).as("%s called %s after its 429", vin, Duration.between(limited, at))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(299));
        limitedAt.remove(vin);
      }
      if (call.getInteger("status") == 429) {
        limitedAt.put(vin, at);
      }
    }
  }

  private static boolean lastIsSuccessAfter429(List<JsonObject> calls) {
    boolean seen429 = false;
    for (JsonObject call : calls) {
      if (!"vehicle_data".equals(call.getString("endpoint"))) {
        continue;
      }
      if (call.getInteger("status") == 429) {
        seen429 = true;
      } else if (seen429 && call.getInteger("status") == 200) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aSpentBudgetStopsPaidCallsAndRaisesATriageEvent() throws Exception {
    FleetClock clock = FleetClock.scaled(600, MORNING);
    // One cent: five vehicle_data calls.
    SimulatedFleet fleet = fleet(clock, "budget", c -> c.withPolling(
        c.polling().withBudget(new FleetConfig.Budget(0.01, Optional.empty()))));
    var instance = fleet.startInstance("budget").await();
    List<JsonObject> triage = new CopyOnWriteArrayList<>();
    instance.vertx().eventBus().<JsonObject>consumer(EventAddresses.TRIAGE, m -> triage.add(m.body()));

    Await.until(() -> !triage.isEmpty(), Duration.ofSeconds(60));
    int atCap = total(dataCallsByVehicle(fleet));
    Thread.sleep(5_000); // 50 simulated minutes more

    assertThat(triage.get(0).getString("reason")).isEqualTo("budget_exhausted");
    assertThat(triage.get(0).getJsonObject("details").getString("scope")).isEqualTo("app");
    assertThat(triage.get(0).getString("action")).contains("2026-04-01T00:00:00Z");
    // Calls already in flight when the cap was reached may land; nothing after.
    assertThat(atCap).isLessThanOrEqualTo(5 + VEHICLES);
    assertThat(total(dataCallsByVehicle(fleet))).isEqualTo(atCap);
    var scrape = instance.metrics().scrape();
    assertThat(scrape).contains("fleet_budget_remaining_usd{scope=\"app\"} 0.0");
    assertThat(instance.daemon().vehicles().all()).anyMatch(v -> "paused".equals(v.activity()));
  }

  private static FleetConfig withRequestTimeout(FleetConfig config, Duration timeout) {
    FleetConfig.Tesla t = config.tesla();
    return config.withTesla(new FleetConfig.Tesla(t.clientId(), t.clientSecret(), t.redirectUri(), t.scopes(),
        t.authorizeUrl(), t.tokenUrl(), t.apiBaseUrl(), timeout, t.maxResponseBytes()));
  }
}
