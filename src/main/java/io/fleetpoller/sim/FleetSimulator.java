package io.fleetpoller.sim;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tesla Fleet API simulator on loopback: the same paths as Tesla (OAuth, vehicles, vehicle_data,
 * wake_up, region) plus admin paths ({@code /sim/ledger}, {@code /sim/vehicles},
 * {@code /sim/faults}). Its cars live a seeded, deterministic daily life in the clock's time.
 */
public final class FleetSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

  private final Vertx vertx;
  private final String deploymentId;
  private final Simulation simulation;
  private final int port;
  private final String baseUrl;

  private FleetSimulator(Vertx vertx, String deploymentId, Simulation simulation, int port, String baseUrl) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.simulation = simulation;
    this.port = port;
    this.baseUrl = baseUrl;
  }

  /** Starts a simulator; fails (without throwing) when the options are unusable or the port is taken. */
  public static Future<FleetSimulator> start(Vertx vertx, SimulatorOptions options, FleetClock clock) {
    if (vertx == null || options == null || clock == null) {
      return Future.failedFuture(new IllegalArgumentException("vertx, options and clock are required"));
    }
    Simulation simulation = new Simulation(options, clock);
    SimulatorVerticle verticle = new SimulatorVerticle(options, clock, simulation);
    return vertx.deployVerticle(verticle).map(id -> {
      int port = verticle.port();
      String baseUrl = verticle.baseUrl();
      LOG.info("Fleet API simulator listening on {} with {} vehicles in {} accounts (seed {})",
          baseUrl, options.vehicles(), options.accounts(), options.seed());
      return new FleetSimulator(vertx, id, simulation, port, baseUrl);
    });
  }

  public int port() {
    return port;
  }

  /** The Fleet API base URL, e.g. {@code http://127.0.0.1:18080}. */
  public String baseUrl() {
    return baseUrl;
  }

  public String authorizeUrl() {
    return baseUrl + "/oauth2/v3/authorize";
  }

  public String tokenUrl() {
    return baseUrl + "/oauth2/v3/token";
  }

  public List<String> vins() {
    return simulation.vins();
  }

  /** {@code acct-1}, {@code acct-2}, … */
  public List<String> accounts() {
    return simulation.accounts();
  }

  /**
   * Moves {@code account} to Fleet API region {@code na}, {@code eu} or {@code cn}; this simulator
   * serves {@code na}. Like a Tesla user of another region: tokens minted afterwards carry that
   * region's {@code ou_code}, {@code GET /api/1/users/region} answers the region and Tesla's base
   * URL for it, and every other API call of the account answers 421 {@code user out of region, use
   * base URL: ...} (FACTS.md, "Regions"). {@code na} brings it back.
   *
   * @throws IllegalArgumentException for an unknown account or region
   */
  public void accountRegion(String account, String region) {
    simulation.accountRegion(account, region);
  }

  /** The same JSON as {@code GET /sim/ledger}. */
  public JsonObject ledger() {
    return simulation.ledger();
  }

  /** Every drive and charge so far, per VIN (the last one may be ongoing: no end). */
  public java.util.Map<String, java.util.List<SimSession>> sessions() {
    return simulation.sessions();
  }

  /**
   * Simulated seconds each car was awake (or waking) since the simulator started, for any reason,
   * per VIN; {@code awake_seconds_caused} in {@link #ledger()} is the part API calls caused.
   */
  public java.util.Map<String, Long> awakeSeconds() {
    return simulation.awakeSeconds();
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
