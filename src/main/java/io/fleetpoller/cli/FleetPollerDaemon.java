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
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.http.AuthRoutes;
import io.fleetpoller.http.DaemonHttpServer;
import io.fleetpoller.poll.ApiCallPublisher;
import io.fleetpoller.poll.FixedIntervalPolicy;
import io.fleetpoller.poll.FleetPoller;
import io.fleetpoller.poll.VehicleRegistry;
import io.fleetpoller.telemetry.EventMetricsVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The daemon put together: token source, one Fleet API client per account, the poller, metrics
 * and the web API, deployed on a Vert.x the caller owns. {@code run} and {@code demo} both use it.
 */
public final class FleetPollerDaemon {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetPollerDaemon.class);

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
    FleetApiOptions base = FleetApiOptions.of(config.tesla().apiBaseUrl(), config.tesla().tokenUrl())
        .withClient(config.tesla().clientId().orElse(null), config.tesla().clientSecret().orElse(null))
        .withRequestTimeout(config.tesla().requestTimeout())
        .withMaxResponseBytes(config.tesla().maxResponseBytes());
    // One connection pool for the process; each account gets a view that attributes its calls.
    FleetApiClient shared = FleetApiClient.create(vertx, base, clock);
    Map<String, FleetApiClient> clients = new ConcurrentHashMap<>();
    Function<String, FleetApiClient> apiForAccount = account -> clients.computeIfAbsent(account,
        a -> shared.withListener(new ApiCallPublisher(a, config.pricing(), vertx.eventBus(), vehicles)));

    FleetConfig.Tokens tokenConfig = config.tokens();
    TokenCipher cipher = TokenStoreFromConfig.cipher(tokenConfig);
    Coordination coordination = Coordination.of(vertx, config, clock, cipher);
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
    var policy = new FixedIntervalPolicy(config.polling().intervals().online(), endpoints(config, "online"));
    var poller = new FleetPoller(clock, tokens, apiForAccount, pollable, policy, vehicles,
        config.polling().listInterval());

    RedirectUriCheck.warnings(config.tesla().redirectUri(), config.http().publicUrl()).forEach(LOG::warn);
    var consent = new ConsentFlow(config.tesla(), shared, store, coordination.consents(), clock, tokens::consented);
    var accounts = new StoredAccountStatusView(store, tokens);
    var http = new DaemonHttpServer(config.http().host(), config.http().port(), metrics, vehicles, poller::ready,
        router -> AuthRoutes.mount(router, consent, accounts, clock));

    List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
    return tokens.start()
        .compose(v -> vertx.deployVerticle(new EventMetricsVerticle(metrics)))
        .compose(id -> { deployments.add(id); return vertx.deployVerticle(http); })
        .compose(id -> { deployments.add(id); return vertx.deployVerticle(poller); })
        .map(id -> {
          deployments.add(id);
          return new FleetPollerDaemon(vertx, vehicles, http, shared, tokens, deployments);
        });
  }

  private static Set<VehicleDataEndpoint> endpoints(FleetConfig config, String state) {
    return config.polling().endpoints().getOrDefault(state, List.of()).stream()
        .map(name -> VehicleDataEndpoint.fromWireName(name).orElseThrow())
        .collect(Collectors.toUnmodifiableSet());
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
