package io.fleetpoller.cli;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One daemon instance polling the simulator over loopback, for tests outside this package that
 * need the real thing (e.g. the dashboards' metric names): the same wiring as {@code demo}.
 */
public final class RunningDemoDaemon implements AutoCloseable {

  private final SimulatedFleet fleet;
  private final SimulatedFleet.Instance instance;
  private final WebClient http;

  private RunningDemoDaemon(SimulatedFleet fleet, SimulatedFleet.Instance instance) {
    this.fleet = fleet;
    this.instance = instance;
    this.http = WebClient.create(instance.vertx());
  }

  /**
   * Starts {@code vehicles} simulated cars at 07:00 (the morning commute wakes them) with time 600
   * times faster and access tokens that live {@code tokenTtl} simulated time, every account logged in.
   */
  public static RunningDemoDaemon start(int vehicles, Duration tokenTtl, Path workDir) {
    FleetClock clock = FleetClock.scaled(600, Instant.parse("2026-03-02T07:00:00Z"));
    SimulatedFleet fleet = SimulatedFleet.start(
        SimulatorOptions.defaults().withVehicles(vehicles).withTokenTtl(tokenTtl).withSeed(11),
        clock, ConfigLoader.defaults(), workDir, c -> c).await();
    try {
      return new RunningDemoDaemon(fleet, fleet.startInstance("metrics-names").await());
    } catch (RuntimeException e) {
      fleet.close().await();
      throw e;
    }
  }

  /** {@code GET /metrics} over HTTP, as Prometheus would scrape it. */
  public String scrapeMetrics() {
    return http.get(httpPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  /** The loopback port of the daemon's HTTP server ({@code /metrics}, {@code /api}), e.g. for a real Prometheus. */
  public int httpPort() {
    return instance.daemon().httpPort();
  }

  /** The daemon's own HTTP server, e.g. {@code http://127.0.0.1:41234}: status page and {@code /api}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + instance.daemon().httpPort();
  }

  /** Every simulated car's VIN ({@code GET /sim/vehicles}), whether or not the daemon lists it yet. */
  public List<String> simulatedVins() {
    return http.getAbs(fleet.sim().baseUrl() + "/sim/vehicles").send().await().bodyAsJsonObject()
        .getJsonArray("response").stream().map(car -> ((JsonObject) car).getString("vin")).toList();
  }

  /** The daemon's latest triage events of one reason ({@code GET /api/triage?reason=...}), newest first. */
  public JsonArray triage(String reason) {
    return http.get(instance.daemon().httpPort(), "127.0.0.1", "/api/triage").addQueryParam("reason", reason)
        .send().await().bodyAsJsonArray();
  }

  /** Adds a simulator fault ({@code POST /sim/faults}), e.g. a refusal the daemon triages. */
  public void injectFault(JsonObject spec) {
    int status = http.postAbs(fleet.sim().baseUrl() + "/sim/faults").sendJsonObject(spec).await().statusCode();
    if (status >= 300) {
      throw new IllegalStateException("the simulator refused the fault " + spec + ": " + status);
    }
  }

  /** The daemon's event bus, to feed its meters events the simulator takes long to produce. */
  public EventBus eventBus() {
    return instance.vertx().eventBus();
  }

  @Override
  public void close() {
    fleet.close().await();
  }
}
