package io.fleetpoller.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the daemon's session events ({@code drive_started}, {@code drive_ended},
 * {@code charge_started}, {@code charge_ended} on {@code fleet.vehicle.state}) into
 * {@link DetectedSession}s: each start opens a session for its car and kind, the next end closes
 * it. An end without a start (the run began mid-session) is dropped; a start with no end stays
 * open. Thread-safe: events arrive on an event loop, the report reads from another thread.
 */
public final class SessionEventLog {

  private record Key(String vehicle, SessionKind kind) {}

  private final List<DetectedSession> closed = new ArrayList<>();
  private final Map<Key, Instant> open = new HashMap<>();

  /** Takes one event; types other than the four session events are ignored. */
  public synchronized void add(String type, String vehicle, Instant at) {
    if (type == null || vehicle == null || at == null) {
      return;
    }
    switch (type) {
      case "drive_started" -> start(new Key(vehicle, SessionKind.DRIVE), at);
      case "drive_ended" -> end(new Key(vehicle, SessionKind.DRIVE), at);
      case "charge_started" -> start(new Key(vehicle, SessionKind.CHARGE), at);
      case "charge_ended" -> end(new Key(vehicle, SessionKind.CHARGE), at);
      default -> { }
    }
  }

  private void start(Key key, Instant at) {
    Instant already = open.put(key, at);
    if (already != null) {
      // A second start without an end between: the first one ended unseen.
      closed.add(new DetectedSession(key.vehicle(), key.kind(), already, null));
    }
  }

  private void end(Key key, Instant at) {
    Instant startedAt = open.remove(key);
    if (startedAt != null) {
      closed.add(new DetectedSession(key.vehicle(), key.kind(), startedAt, at));
    }
  }

  /** Every session seen so far, the open ones with no end. */
  public synchronized List<DetectedSession> sessions() {
    List<DetectedSession> all = new ArrayList<>(closed);
    open.forEach((key, at) -> all.add(new DetectedSession(key.vehicle(), key.kind(), at, null)));
    return List.copyOf(all);
  }
}
