package io.fleetpoller.bench;

import io.fleetpoller.sim.SimSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A drive or charge that really happened, as the simulator recorded it.
 *
 * @param end null while the session was still going when the truth was read
 */
public record TruthSession(String vehicle, SessionKind kind, Instant start, Instant end) {

  public TruthSession {
    Objects.requireNonNull(vehicle, "vehicle");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    if (end != null && end.isBefore(start)) {
      throw new IllegalArgumentException("session of " + vehicle + " ends " + end + " before it starts " + start);
    }
  }

  /** The simulator's {@code FleetSimulator.sessions()} (per VIN), flattened in VIN then time order. */
  public static List<TruthSession> fromSimulator(Map<String, List<SimSession>> sessionsByVin) {
    List<TruthSession> truth = new ArrayList<>();
    sessionsByVin.forEach((vin, sessions) -> {
      for (SimSession session : sessions) {
        SessionKind kind = session.kind() == SimSession.Kind.DRIVE ? SessionKind.DRIVE : SessionKind.CHARGE;
        truth.add(new TruthSession(vin, kind, session.start(), session.end()));
      }
    });
    return truth;
  }

  public boolean ongoing() {
    return end == null;
  }
}
