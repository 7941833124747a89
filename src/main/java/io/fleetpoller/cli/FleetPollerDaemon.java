package io.fleetpoller.cli;

import io.fleetpoller.auth.ConsentFlow;
import io.fleetpoller.auth.RedirectUriCheck;
import io.fleetpoller.auth.StoredAccountStatusView;
import io.fleetpoller.auth.RefreshBackoff;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenManager;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.http.AuthRoutes;
import io.fleetpoller.http.DaemonHttpServer;
import io.fleetpoller.http.DaemonReadiness;
import io.fleetpoller.http.StatusPage;
import io.fleetpoller.http.TriageRoutes;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.triage.FailureContext;
import io.fleetpoller.triage.RequestKind;
import io.fleetpoller.triage.TriageReporter;
import io.fleetpoller.poll.ApiCallPublisher;
import io.fleetpoller.poll.Budget;
import io.fleetpoller.poll.FleetPoller;
import io.fleetpoller.poll.PollMetrics;
import io.fleetpoller.poll.PollPolicies;
import io.fleetpoller.poll.VehicleRegistry;
import io.fleetpoller.telemetry.EventMetricsVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The daemon put together: token source, one Fleet API client per account, the poller, metrics
 * and the web API, deployed on a Vert.x the caller owns. {@code run} and {@code demo} both use it.
 */
public final class FleetPollerDaemon {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetPollerDaemon.class);
  /** How soon a car whose lease another instance holds is looked at again. */
  private static final long LEASE_RETRY_REAL_MILLIS = 250;
  private static final long LEASE_MARGIN_REAL_MILLIS = 2_000;
  private static final Duration MIN_LEASE_RETRY = Duration.ofSeconds(5);
  /** A 401/403 the token source could not cure: the car rests this long (issue 6's triage acts sooner). */
  private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMinutes(30);

  private final Vertx vertx;
  private final VehicleRegistry vehicles;
  private final DaemonHttpServer http;
  private final FleetApiClient api;
  private final TokenManager tokens;
  private final List<String> deployments;

  private FleetPollerDaemon(Vertx vertx, VehicleRegistry vehicles, DaemonHttpServer http,
      FleetApiClient api, TokenManager tokens, List<String> deployments) {
    this.vertx = vertx;
    this.vehicles = vehicles;
    this.http = http;
    this.api = api;
    this.tokens = tokens;
    this.deployments = deployments;
  }

  public static Future<FleetPollerDaemon> start(
      Vertx vertx, PrometheusMeterRegistry metrics, FleetConfig config, FleetClock clock, TokenStore store) {
    VehicleRegistry vehicles = new VehicleRegistry();
    FleetApiOptions base = FleetApiOptions.of(config.tesla());
    // One connection pool for the process; each account gets a view that attributes its calls.
    FleetApiClient shared = FleetApiClient.create(vertx, base, clock);
    FleetConfig.Tokens tokenConfig = config.tokens();
    TokenCipher cipher = TokenStoreFromConfig.cipher(tokenConfig);
    Coordination coordination = Coordination.of(vertx, config, clock, cipher);
    Budget budget = new Budget(coordination.ledger(), config.polling().budget());
    TriageReporter triage = new TriageReporter(vertx.eventBus(), coordination.triageLog(), metrics);
    // A refused refresh token (TokenManager put the account in needs_consent) is a triage event too.
    vertx.eventBus().<io.vertx.core.json.JsonObject>consumer(EventAddresses.TOKEN, message -> {
      var event = message.body();
      if ("needs_consent".equals(event.getString("type"))) {
        triage.report(FailureContext.of(RequestKind.REFRESH, 401, "login_required", event.getString("reason"),
            event.getString("account"), clock.now()).withTesla(config.tesla()));
      }
    });
    Map<String, FleetApiClient> clients = new ConcurrentHashMap<>();
    Function<String, FleetApiClient> apiForAccount = account -> clients.computeIfAbsent(account,
        a -> shared.withListener(new ApiCallPublisher(a, config.pricing(), vertx.eventBus(), vehicles, budget)));

    var tokens = new TokenManager(vertx, store, apiForAccount, coordination.lock(), coordination.fences(),
        coordination.consentMarks(), cipher, tokenConfig.spillFile(), clock,
        new TokenManager.Settings(tokenConfig.refreshAhead(), tokenConfig.lockTtl(), config.instance().id(),
            RefreshBackoff.DEFAULT),
        metrics);
    // Accounts that need a person's consent are not polled until they have it again.
    Supplier<Future<List<String>>> pollable = () -> store.accounts().compose(all -> {
      List<Future<Boolean>> waiting = all.stream().map(tokens::needsConsent).toList();
      return Future.all(waiting).map(done -> java.util.stream.IntStream.range(0, all.size())
          .filter(i -> !waiting.get(i).result()).mapToObj(all::get).toList());
    });
    var poller = new FleetPoller(clock, tokens, apiForAccount, pollable, PollPolicies.of(config.polling()), vehicles,
        pollerSettings(config, clock), new FleetPoller.Sharing(coordination.pollLeases(), coordination.snapshots()),
        budget, new PollMetrics(metrics, budget, clock), new FleetPoller.Triage(triage, config.tesla(), coordination.regions()));

    RedirectUriCheck.warnings(config.tesla().redirectUri(), config.http().publicUrl()).forEach(LOG::warn);
    var consent = new ConsentFlow(config.tesla(), shared, store, coordination.consents(), clock, tokens::consented);
    var accounts = new StoredAccountStatusView(store, tokens);
    var readiness = DaemonReadiness.create(vertx,
        coordination.redis().map(redis -> (Supplier<Future<Void>>) redis::ping), accounts, clock, poller::ready);
    var http = new DaemonHttpServer(config.http().host(), config.http().port(), metrics, vehicles, readiness,
        router -> {
          AuthRoutes.mount(router, consent, accounts, clock,
              failure -> triage.report(failure.withTesla(config.tesla())));
          TriageRoutes.mount(router, coordination.triageLog());
          StatusPage.mount(router, accounts, vehicles, coordination.triageLog(), clock);
        });

    List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    return tokens.start()
        .compose(v -> vertx.deployVerticle(new EventMetricsVerticle(metrics, config.metrics().perVehicle())))
        .compose(id -> { deployments.add(id); return vertx.deployVerticle(http); })
        .compose(id -> { deployments.add(id); return vertx.deployVerticle(poller); })
        .map(id -> {
          deployments.add(id);
          return new FleetPollerDaemon(vertx, vehicles, http, shared, tokens, deployments);
        });
  }

  /**
   * Lease and retry times are set in real time and converted, so a simulated clock running fast
   * does not shrink a poll lease below what a request can take. The lease covers one request and
   * a little more: a longer one would keep a dead instance's car unpolled longer; a fetch that
   * outlives it (a request near its timeout plus a token refresh) risks one extra poll by another
   * instance, which costs $0.002.
   */
  static FleetPoller.Settings pollerSettings(FleetConfig config, FleetClock clock) {
    FleetConfig.Polling polling = config.polling();
    long leaseRealMillis = config.tesla().requestTimeout().toMillis() + LEASE_MARGIN_REAL_MILLIS;
    Duration heldRetry = clock.simulated(LEASE_RETRY_REAL_MILLIS);
    return new FleetPoller.Settings(PollPolicies.listInterval(polling), polling.idleBeforeSleep(),
        polling.rateLimit().dataPerMinutePerVehicle(), clock.simulated(leaseRealMillis),
        heldRetry.compareTo(MIN_LEASE_RETRY) < 0 ? MIN_LEASE_RETRY : heldRetry, PAUSE_AFTER_REFUSAL);
  }

  public int httpPort() {
    return http.actualPort();
  }

  public VehicleRegistry vehicles() {
    return vehicles;
  }

  /** Undeploys in reverse order: the poller stops before the web API and metrics go. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.onComplete(done -> {
      tokens.stop();
      api.close();
    });
  }
}
