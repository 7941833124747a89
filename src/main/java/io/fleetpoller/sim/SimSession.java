package io.fleetpoller.sim;

import java.time.Instant;

/** A drive or a charge that really happened in the simulation; {@code end} is null while it lasts. */
public record SimSession(Kind kind, Instant start, Instant end) {

  public enum Kind { DRIVE, CHARGE }

  SimSession endedAt(Instant at) {
    return new SimSession(kind, start, at);
  }
}
