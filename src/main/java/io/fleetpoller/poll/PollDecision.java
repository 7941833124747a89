package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When to fetch vehicle_data next and which sections to ask for; no time means "not until the
 * vehicle list shows a change" (asleep or offline cars are never asked for data).
 *
 * @param stateCheckEvery how often the free state read should run for this car; empty = the
 *     poller's own {@code listInterval}
 * @param wakeAllowed whether the shell may call wake_up ($0.02, FACTS.md) for this car now
 */
public record PollDecision(
    Optional<Instant> dataAt,
    Set<VehicleDataEndpoint> endpoints,
    Optional<Duration> stateCheckEvery,
    boolean wakeAllowed) {

  public PollDecision {
    endpoints = Set.copyOf(endpoints);
  }

  public PollDecision(Optional<Instant> dataAt, Set<VehicleDataEndpoint> endpoints) {
    this(dataAt, endpoints, Optional.empty(), false);
  }

  public static PollDecision waitForState() {
    return new PollDecision(Optional.empty(), Set.of());
  }

  public static PollDecision fetchAt(Instant at, Set<VehicleDataEndpoint> endpoints) {
    return new PollDecision(Optional.of(at), endpoints);
  }

  public PollDecision withStateCheckEvery(Duration every) {
    return new PollDecision(dataAt, endpoints, Optional.of(every), wakeAllowed);
  }

  public PollDecision withWakeAllowed(boolean allowed) {
    return new PollDecision(dataAt, endpoints, stateCheckEvery, allowed);
  }

  public boolean dueAt(Instant now) {
    return dataAt.map(at -> !at.isAfter(now)).orElse(false);
  }
}
