package io.fleetpoller.triage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The recent triage events, newest first, for {@code GET /api/triage}: a capped Redis stream
 * {@code triage} shared by all instances in distributed mode, a ring in memory otherwise.
 */
public interface TriageLog {

  /** Keeps one published event (its JSON, which holds no secret). */
  Future<Void> append(JsonObject event);

  /** Up to {@code limit} events, newest first, optionally only one account's or one reason's. */
  Future<List<JsonObject>> recent(int limit, Optional<String> account, Optional<String> reason);

  /** Whether an event passes the optional filters. */
  static boolean matches(JsonObject event, Optional<String> account, Optional<String> reason) {
    return account.map(a -> a.equals(event.getString("account"))).orElse(true)
        && reason.map(r -> r.equals(event.getString("reason"))).orElse(true);
  }
}
