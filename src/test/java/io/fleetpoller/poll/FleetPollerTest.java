package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import io.fleetpoller.testing.Await;
import io.fleetpoller.testing.SimulatorTokens;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
    FleetApiClient api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl()), clock);
    List<String> accounts = new CopyOnWriteArrayList<>();
    VehicleRegistry registry = new VehicleRegistry();
    // Lists once an hour: without the consent event the new account's cars would wait that long.
    vertx.deployVerticle(poller(clock, access, api, accounts, registry)).await();
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

  /** A poller listing once an hour with {@code access} as every account's token. */
  private FleetPoller poller(FleetClock clock, String access, FleetApiClient api, List<String> accounts,
      VehicleRegistry registry) {
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
    Budget budget = new Budget(new InMemoryCostLedger(), new FleetConfig.Budget(10, Optional.empty()));
    return new FleetPoller(clock, tokens, account -> api, () -> Future.succeededFuture(List.copyOf(accounts)),
        new FixedIntervalPolicy(Duration.ofMinutes(5), Set.of(VehicleDataEndpoint.CHARGE_STATE)), registry,
        new FleetPoller.Settings(Duration.ofHours(1), Duration.ofMinutes(10), 60, Duration.ofSeconds(20),
            Duration.ofSeconds(5), Duration.ofMinutes(30)),
        new FleetPoller.Sharing(new InProcessLock(clock, "test"), new InMemorySharedSnapshots()),
        budget, PollMetrics.discarding(budget, clock),
        new FleetPoller.Triage(new TriageReporter(vertx.eventBus(), new InMemoryTriageLog(10),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), null,
            new FileAccountRegions(vertx, java.nio.file.Path.of("target", "poller-test-regions.json"))));
  }

  @Test
  void aListCutShortByTheShutdownIsNotLoggedAsTheAccountsFailure() throws Exception {
    // A Fleet API that takes the list request and never answers, so it is in flight at the stop.
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer silent = vertx.createHttpServer().requestHandler(request -> requests.add(request.path()))
        .listen(0, "127.0.0.1").await();
    String base = "http://127.0.0.1:" + silent.actualPort();
    FleetClock clock = FleetClock.system();
    // Where the client tells of a finished call: the poller's context, which then runs its handlers.
    List<Context> answeredOn = new CopyOnWriteArrayList<>();
    FleetApiClient api = FleetApiClient.create(vertx, FleetApiOptions.of(base, base + "/oauth2/v3/token")
        .withListener(call -> answeredOn.add(Vertx.currentContext())), clock);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger pollerLog = (Logger) LoggerFactory.getLogger(FleetPoller.class);
    log.start();
    pollerLog.addAppender(log);
    try {
      String deployment = vertx.deployVerticle(
          poller(clock, "access", api, List.of("acct-1"), new VehicleRegistry())).await();
      Await.until(() -> requests.contains("/api/1/vehicles"), Duration.ofSeconds(5));

      vertx.undeploy(deployment).await();
      api.close(); // as the daemon does after stopping the poller: the list fails now

      Await.until(() -> !answeredOn.isEmpty(), Duration.ofSeconds(5));
      Promise<Void> handled = Promise.promise();
      answeredOn.get(0).runOnContext(after -> handled.complete()); // after the failed list's handlers
      handled.future().await();
      assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(line -> line.contains("listing vehicles of account"));
    } finally {
      pollerLog.detachAppender(log);
      silent.close().await();
    }
  }
}
