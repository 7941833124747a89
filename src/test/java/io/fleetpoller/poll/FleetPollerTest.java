package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.TokenSource;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.coord.InProcessLock;
import io.fleetpoller.triage.InMemoryTriageLog;
import io.fleetpoller.triage.TriageReporter;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.testing.SimulatorTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetPollerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aNewConsentIsListedAtOnceNotAtTheNextCycle() throws Exception {
    FleetClock clock = FleetClock.system();
    FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.defaults().withVehicles(3), clock).await();
    String access = SimulatorTokens.login(vertx, sim, clock, "acct-1").accessToken();
    TokenSource tokens = new TokenSource() {
      @Override
      public Future<BearerToken> accessToken(String account) {
        return Future.succeededFuture(new BearerToken(access));
      }

      @Override
      public Future<BearerToken> afterRejection(String account, BearerToken rejected) {
        return Future.failedFuture("no other token");
      }
    };
    FleetApiClient api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl()), clock);
    List<String> accounts = new CopyOnWriteArrayList<>();
    VehicleRegistry registry = new VehicleRegistry();
    // Lists once an hour: without the consent event the new account's cars would wait that long.
    Budget budget = new Budget(new InMemoryCostLedger(), new FleetConfig.Budget(10, Optional.empty()));
    vertx.deployVerticle(new FleetPoller(clock, tokens, account -> api, () -> Future.succeededFuture(List.copyOf(accounts)),
        new FixedIntervalPolicy(Duration.ofMinutes(5), Set.of(VehicleDataEndpoint.CHARGE_STATE)), registry,
        new FleetPoller.Settings(Duration.ofHours(1), Duration.ofMinutes(10), 60, Duration.ofSeconds(20),
            Duration.ofSeconds(5), Duration.ofMinutes(30)),
        new FleetPoller.Sharing(new InProcessLock(clock, "test"), new InMemorySharedSnapshots()),
        budget, PollMetrics.discarding(budget, clock),
        new FleetPoller.Triage(new TriageReporter(vertx.eventBus(), new InMemoryTriageLog(10),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), null,
            new FileAccountRegions(vertx, java.nio.file.Path.of("target", "poller-test-regions.json"))))).await();
    Thread.sleep(200);
    assertThat(registry.all()).isEmpty();

    accounts.add("acct-1");
    vertx.eventBus().publish(EventAddresses.TOKEN, new JsonObject().put("type", "consented").put("account", "acct-1"));

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (registry.all().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(registry.all()).extracting(TrackedVehicle::vin).containsExactlyInAnyOrderElementsOf(sim.vins());
  }
}
