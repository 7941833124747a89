package io.fleetpoller.triage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The embedded mode's triage log: the last {@code capacity} events of this process. */
public final class InMemoryTriageLog implements TriageLog {

  private final int capacity;
  private final Deque<JsonObject> events = new ArrayDeque<>();

  public InMemoryTriageLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Future<Void> append(JsonObject event) {
    events.addFirst(event.copy());
    while (events.size() > capacity) {
      events.removeLast();
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<JsonObject>> recent(int limit, Optional<String> account, Optional<String> reason) {
    List<JsonObject> out = new ArrayList<>();
    for (Iterator<JsonObject> it = events.iterator(); it.hasNext() && out.size() < limit; ) {
      JsonObject event = it.next();
      if (TriageLog.matches(event, account, reason)) {
        out.add(event.copy());
      }
    }
    return Future.succeededFuture(out);
  }
}
