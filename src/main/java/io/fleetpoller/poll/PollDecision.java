package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When to fetch vehicle_data next and which sections to ask for; no time means "not until the
 * vehicle list shows a change" (asleep or offline cars are never asked for data).
 */
public record PollDecision(Optional<Instant> dataAt, Set<VehicleDataEndpoint> endpoints) {

  public static PollDecision waitForState() {
    return new PollDecision(Optional.empty(), Set.of());
  }

  public static PollDecision fetchAt(Instant at, Set<VehicleDataEndpoint> endpoints) {
    return new PollDecision(Optional.of(at), Set.copyOf(endpoints));
  }

  public boolean dueAt(Instant now) {
    return dataAt.map(at -> !at.isAfter(now)).orElse(false);
  }
}
