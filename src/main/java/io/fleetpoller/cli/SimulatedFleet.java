package io.fleetpoller.cli;

import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.telemetry.MetricsRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A simulator with every account logged in and N daemon instances polling it, each on a Vert.x of
 * its own as separate processes would be: what {@code bench cost} and the multi-instance tests run.
 * With {@code redis.url} set in the config the instances share tokens, leases, the ledger and the
 * snapshots there; without it there should be one instance (embedded mode).
 */
final class SimulatedFleet {

  /** One daemon instance and what it runs on. */
  record Instance(Vertx vertx, PrometheusMeterRegistry metrics, FleetPollerDaemon daemon) {}

  private final Vertx simVertx;
  private final FleetSimulator sim;
  private final FleetConfig config;
  private final FleetClock clock;
  private final List<Instance> instances = new ArrayList<>();

  private SimulatedFleet(Vertx simVertx, FleetSimulator sim, FleetConfig config, FleetClock clock) {
    this.simVertx = simVertx;
    this.sim = sim;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Starts the simulator on its own Vert.x, derives the daemon config from {@code defaults} with
   * {@link DemoCommand#demoConfig} and then {@code configure}, and logs every simulated account in.
   */
  static Future<SimulatedFleet> start(SimulatorOptions simOptions, FleetClock clock, FleetConfig defaults,
      java.nio.file.Path workDir, UnaryOperator<FleetConfig> configure) {
    Vertx simVertx = Vertx.vertx();
    return FleetSimulator.start(simVertx, simOptions, clock)
        .compose(sim -> {
          FleetConfig config = configure.apply(DemoCommand.demoConfig(defaults, sim, workDir));
          SimulatedFleet fleet = new SimulatedFleet(simVertx, sim, config, clock);
          return fleet.loginAll().map(fleet);
        })
        .onFailure(err -> simVertx.close());
  }

  private Future<Void> loginAll() {
    FleetApiClient api = FleetApiClient.create(simVertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(config.tesla().clientId().orElseThrow(), config.tesla().clientSecret().orElseThrow()), clock);
    return TokenStoreFromConfig.open(simVertx, config)
        .compose(store -> loginEach(store, api, 0))
        .eventually(() -> {
          api.close();
          return Future.succeededFuture();
        });
  }

  private Future<Void> loginEach(TokenStore store, FleetApiClient api, int index) {
    if (index >= sim.accounts().size()) {
      return Future.succeededFuture();
    }
    String account = sim.accounts().get(index);
    return SimulatorLogin.login(simVertx, config.tesla(), api, store, clock, account, account)
        .compose(done -> loginEach(store, api, index + 1));
  }

  /** Starts one more daemon instance with its own id, Vert.x and meter registry. */
  Future<Instance> startInstance(String instanceId) {
    PrometheusMeterRegistry metrics = MetricsRuntime.newRegistry();
    Vertx vertx = MetricsRuntime.newVertx(metrics);
    FleetConfig own = config.withInstance(new FleetConfig.Instance(instanceId));
    return TokenStoreFromConfig.open(vertx, own)
        .compose(store -> FleetPollerDaemon.start(vertx, metrics, own, clock, store))
        .map(daemon -> {
          Instance instance = new Instance(vertx, metrics, daemon);
          synchronized (instances) {
            instances.add(instance);
          }
          return instance;
        })
        .onFailure(err -> vertx.close());
  }

  /** Ends an instance abruptly, as a killed process: its Vert.x closes, its leases are left to expire. */
  Future<Void> kill(Instance instance) {
    synchronized (instances) {
      instances.remove(instance);
    }
    return instance.vertx().close();
  }

  FleetSimulator sim() {
    return sim;
  }

  FleetConfig config() {
    return config;
  }

  FleetClock clock() {
    return clock;
  }

  List<Instance> instances() {
    synchronized (instances) {
      return List.copyOf(instances);
    }
  }

  /** Stops every instance, then the simulator. */
  Future<Void> close() {
    List<Future<Void>> stops = new ArrayList<>();
    for (Instance instance : instances()) {
      stops.add(instance.daemon().stop().eventually(() -> instance.vertx().close()));
    }
    return Future.join(stops).<Void>mapEmpty()
        .eventually(() -> sim.close())
        .eventually(() -> simVertx.close());
  }
}
