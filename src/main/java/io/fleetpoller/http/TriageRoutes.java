package io.fleetpoller.http;

import io.fleetpoller.triage.TriageLog;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /api/triage}: the recent triage events, newest first; {@code ?account=ID},
 * {@code ?reason=missing_scope} filter, {@code ?limit=N} (1..500, default 100) bounds.
 */
public final class TriageRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  private final TriageLog log;

  private TriageRoutes(TriageLog log) {
    this.log = log;
  }

  public static void mount(Router router, TriageLog log) {
    router.get("/api/triage").handler(new TriageRoutes(log)::recent);
  }

  private void recent(RoutingContext ctx) {
    int limit;
    try {
      limit = Integer.parseInt(ctx.queryParam("limit").stream().findFirst().orElse(String.valueOf(DEFAULT_LIMIT)));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("limit must be a whole number from 1 to " + MAX_LIMIT + "\n");
      return;
    }
    Optional<String> account = ctx.queryParam("account").stream().findFirst();
    Optional<String> reason = ctx.queryParam("reason").stream().findFirst();
    log.recent(limit, account, reason)
        .onSuccess(events -> ctx.response().putHeader("Content-Type", "application/json")
            .end(new JsonArray(events).encodePrettily()))
        .onFailure(err -> ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("triage log unavailable: " + err.getMessage() + "\n"));
  }
}
