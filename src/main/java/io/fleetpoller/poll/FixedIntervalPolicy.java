package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * vehicle_data every {@code interval} while the list says the car is online; nothing otherwise.
 * Tesla: check the connectivity state before any paid request (FACTS.md, "Money and limits"), so a
 * car the list shows asleep or offline is never asked for data and never woken.
 */
public final class FixedIntervalPolicy implements PollPolicy {

  private final Duration interval;
  private final Set<VehicleDataEndpoint> endpoints;

  public FixedIntervalPolicy(Duration interval, Set<VehicleDataEndpoint> endpoints) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("poll interval must be positive, got " + interval);
    }
    this.interval = interval;
    this.endpoints = Set.copyOf(endpoints);
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    if (vehicle.state() != VehicleOnlineState.ONLINE) {
      return PollDecision.waitForState();
    }
    Instant next = vehicle.lastDataAt() == null ? now : vehicle.lastDataAt().plus(interval);
    return PollDecision.fetchAt(next, endpoints);
  }
}
