package io.fleetpoller.sim;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.sim.FaultInjector.Fault;
import io.fleetpoller.sim.Simulation.Preparation;
import io.fleetpoller.sim.SimOAuthServer.AuthorizeOutcome;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulator's HTTP face: routes Tesla's paths and the admin paths onto a {@link Simulation}. */
final class SimulatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);
  static final long BODY_LIMIT_BYTES = 64 * 1024;

  private final SimulatorOptions options;
  private final FleetClock clock;
  private final Simulation simulation;
  private HttpServer server;

  SimulatorVerticle(SimulatorOptions options, FleetClock clock, Simulation simulation) {
    this.options = options;
    this.clock = clock;
    this.simulation = simulation;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT_BYTES));
    router.get("/oauth2/v3/authorize").handler(this::authorize);
    router.post("/oauth2/v3/token").handler(this::token);
    router.get("/api/1/vehicles").handler(ctx -> api(ctx, ApiCallKind.LIST, null));
    router.get("/api/1/vehicles/:id").handler(ctx -> api(ctx, ApiCallKind.VEHICLE, ctx.pathParam("id")));
    router.get("/api/1/vehicles/:id/vehicle_data")
        .handler(ctx -> api(ctx, ApiCallKind.VEHICLE_DATA, ctx.pathParam("id")));
    router.post("/api/1/vehicles/:id/wake_up").handler(ctx -> api(ctx, ApiCallKind.WAKE_UP, ctx.pathParam("id")));
    router.get("/api/1/users/region").handler(ctx -> api(ctx, ApiCallKind.REGION, null));
    router.get("/sim/ledger").handler(ctx -> send(ctx, 200, simulation.ledger()));
    router.get("/sim/sessions").handler(ctx -> {
      JsonObject byVin = new JsonObject();
      simulation.sessions().forEach((vin, list) -> byVin.put(vin, new io.vertx.core.json.JsonArray(list.stream()
          .map(x -> new JsonObject().put("kind", x.kind().name().toLowerCase()).put("start", x.start().toString())
              .put("end", x.end() == null ? null : x.end().toString()))
          .toList())));
      send(ctx, 200, new JsonObject().put("response", byVin));
    });
    router.get("/sim/vehicles").handler(ctx -> send(ctx, 200, new JsonObject().put("response", simulation.vehiclesJson())));
    router.post("/sim/faults").handler(this::addFault);
    router.get("/sim/faults").handler(ctx -> send(ctx, 200, new JsonObject().put("response", simulation.faultsJson())));
    router.delete("/sim/faults").handler(ctx -> {
      simulation.clearFaults();
      send(ctx, 200, new JsonObject().put("response", "cleared"));
    });
    router.delete("/sim/faults/:id").handler(ctx -> {
      boolean removed = simulation.removeFault(ctx.pathParam("id"));
      send(ctx, removed ? 200 : 404, removed ? new JsonObject().put("response", "cleared")
          : ApiReply.errorBody("not_found", "no fault with that id"));
    });
    router.errorHandler(404, ctx -> send(ctx, 404, ApiReply.errorBody("not_found", "")));
    router.errorHandler(405, ctx -> send(ctx, 405, ApiReply.errorBody("method_not_allowed", "")));
    router.errorHandler(413, ctx -> send(ctx, 413,
        ApiReply.errorBody("request_too_large", "request bodies are limited to " + BODY_LIMIT_BYTES + " bytes")));
    router.errorHandler(400, ctx -> send(ctx, 400, ApiReply.errorBody("invalid_request", "malformed request")));
    router.errorHandler(500, ctx -> {
      LOG.warn("simulator route failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      send(ctx, 500, ApiReply.errorBody("internal_error", "the simulator failed on this request"));
    });
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(options.port(), options.host())
        .onSuccess(listening -> {
          server = listening;
          simulation.baseUrl(baseUrl());
        });
  }

  /** Where clients reach this server; a wildcard listen address is reached on loopback. */
  String baseUrl() {
    String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "127.0.0.1" : options.host();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  // ---- Fleet API ----

  private void api(RoutingContext ctx, ApiCallKind kind, String vehicleRef) {
    Preparation prepared = simulation.prepare(kind, ctx.request().getHeader("Authorization"), vehicleRef);
    if (prepared.rejection() != null) {
      send(ctx, prepared.rejection());
      return;
    }
    Fault fault = prepared.fault();
    Map<String, String> query = singleValues(ctx.queryParams());
    Runnable answer = () -> {
      if (ctx.response().closed()) {
        return;
      }
      if (fault != null && fault.drop) {
        simulation.recordFaulted(prepared.call(), null);
        ctx.request().connection().close();
      } else if (fault != null && fault.reply().isPresent()) {
        ApiReply reply = fault.reply().get();
        simulation.recordFaulted(prepared.call(), reply.status());
        send(ctx, reply);
      } else {
        send(ctx, simulation.answer(prepared.call(), query));
      }
    };
    afterLatency(fault, answer);
  }

  // ---- OAuth ----

  private void authorize(RoutingContext ctx) {
    AuthorizeOutcome outcome = simulation.authorize(singleValues(ctx.queryParams()));
    if (outcome.error() != null) {
      send(ctx, outcome.error());
      return;
    }
    ctx.response().setStatusCode(302).putHeader("Location", outcome.location())
        .putHeader("Cache-Control", "no-store").end();
  }

  private void token(RoutingContext ctx) {
    Map<String, String> params;
    try {
      params = tokenParams(ctx);
    } catch (IllegalArgumentException e) {
      send(ctx, 400, new JsonObject().put("error", "invalid_request").put("error_description", e.getMessage()));
      return;
    }
    Fault fault = simulation.tokenFault(params);
    afterLatency(fault, () -> {
      if (ctx.response().closed()) {
        return;
      }
      if (fault != null && fault.rotateThenDrop) {
        simulation.token(params); // the rotation happens; the client never hears of it
        ctx.request().connection().close();
      } else if (fault != null && fault.drop) {
        ctx.request().connection().close();
      } else if (fault != null && fault.reply().isPresent()) {
        send(ctx, fault.reply().get());
      } else {
        send(ctx, simulation.token(params));
      }
    });
  }

  /** Form-encoded as Tesla documents it; a JSON body is accepted too. */
  private static Map<String, String> tokenParams(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
      JsonObject json;
      try {
        json = ctx.body().asJsonObject();
      } catch (DecodeException | ClassCastException e) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      if (json == null) {
        throw new IllegalArgumentException("the body is empty");
      }
      Map<String, String> params = new HashMap<>();
      json.forEach(entry -> {
        if (entry.getValue() != null) {
          params.put(entry.getKey(), String.valueOf(entry.getValue()));
        }
      });
      return params;
    }
    return singleValues(ctx.request().formAttributes());
  }

  // ---- admin ----

  private void addFault(RoutingContext ctx) {
    try {
      JsonObject spec = ctx.body().asJsonObject();
      if (spec == null) {
        throw new IllegalArgumentException("the body must be a JSON object describing the fault");
      }
      send(ctx, 201, simulation.addFault(spec));
    } catch (DecodeException | ClassCastException e) {
      send(ctx, 400, ApiReply.errorBody("invalid_fault", "the body must be a JSON object describing the fault"));
    } catch (IllegalArgumentException e) {
      send(ctx, 400, ApiReply.errorBody("invalid_fault", e.getMessage()));
    }
  }

  // ---- plumbing ----

  private void afterLatency(Fault fault, Runnable then) {
    if (fault == null || fault.latencyMs <= 0) {
      then.run();
      return;
    }
    // latencyMs is simulated time, like every other duration of the simulator.
    vertx.timer(clock.realMillis(Duration.ofMillis(fault.latencyMs)), TimeUnit.MILLISECONDS)
        .onComplete(done -> then.run());
  }

  private static Map<String, String> singleValues(MultiMap multi) {
    Map<String, String> values = new HashMap<>();
    multi.forEach(entry -> values.putIfAbsent(entry.getKey(), entry.getValue()));
    return values;
  }

  private static void send(RoutingContext ctx, ApiReply reply) {
    reply.headers().forEach((name, value) -> ctx.response().putHeader(name, value));
    send(ctx, reply.status(), reply.body());
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }
}
