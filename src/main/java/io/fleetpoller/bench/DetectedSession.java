package io.fleetpoller.bench;

import java.time.Instant;
import java.util.Objects;

/**
 * A session as the daemon reported it on the event bus: {@code startedAt} and {@code endedAt} are
 * the snapshot times at which it saw the session begin and end.
 *
 * @param endedAt null when the daemon never reported the end
 */
public record DetectedSession(String vehicle, SessionKind kind, Instant startedAt, Instant endedAt) {

  public DetectedSession {
    Objects.requireNonNull(vehicle, "vehicle");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startedAt, "startedAt");
    if (endedAt != null && endedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("detected session of " + vehicle + " ends " + endedAt
          + " before it starts " + startedAt);
    }
  }
}
