package io.fleetpoller.http;

import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.poll.VehicleRegistry;
import io.fleetpoller.poll.TrackedVehicle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The daemon's web API (DESIGN.md, "Daemon HTTP"): health, Prometheus metrics, the vehicles'
 * latest view, and whatever other rooms mount (the OAuth login and callback, /api/accounts).
 */
public final class DaemonHttpServer extends VerticleBase {

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry metrics;
  private final VehicleRegistry vehicles;
  private final HealthChecks readiness;
  private final Consumer<Router> moreRoutes;
  private HttpServer server;

  /**
   * @param readiness the named checks of /health/ready (see {@link DaemonReadiness})
   * @param moreRoutes mounts the routes of other rooms (the OAuth flow, /api/accounts)
   */
  public DaemonHttpServer(String host, int port, PrometheusMeterRegistry metrics, VehicleRegistry vehicles,
      HealthChecks readiness, Consumer<Router> moreRoutes) {
    this.host = host;
    this.port = port;
    this.metrics = metrics;
    this.vehicles = vehicles;
    this.readiness = readiness;
    this.moreRoutes = moreRoutes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Live: this answer itself proves the process and the event loop serving it respond.
    router.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK())));
    // 200 with every check UP, 503 with the failing ones DOWN; each check is named in the body.
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(this::scrape);
    router.get("/api/vehicles").handler(this::listVehicles);
    moreRoutes.accept(router);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void scrape(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  private void listVehicles(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (TrackedVehicle v : vehicles.all()) {
      out.add(new JsonObject()
          .put("vin", v.vin())
          .put("account", v.account())
          .put("name", v.displayName())
          .put("state", v.state().name().toLowerCase())
          .put("activity", v.activity())
          .put("state_seen_at", text(v.stateSeenAt()))
          .put("battery_level", v.batteryLevel())
          .put("last_snapshot_at", text(v.lastDataAt()))
          .put("next_poll_at", text(v.nextPollAt()))
          .put("calls", v.calls())
          .put("usd", PricingConfig.toUsd(v.microUsd())));
    }
    ctx.response().putHeader("Content-Type", "application/json").end(out.encodePrettily());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
