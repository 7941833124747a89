package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;

/**
 * Benchmark reference after Home Assistant's {@code tesla_fleet} coordinator (FACTS.md, "How peers
 * poll"): the free vehicle endpoint every 600 s, vehicle_data in the same update only when that
 * says {@code online}; once the car has been idle 15 minutes, every 900 s instead so it can sleep.
 * "Idle" here is the tracker's last change in the snapshots.
 */
public final class HomeAssistantLikePolicy implements PollPolicy {

  static final Duration UPDATE_INTERVAL = Duration.ofSeconds(600);
  static final Duration IDLE_INTERVAL = Duration.ofSeconds(900);
  static final Duration IDLE_AFTER = Duration.ofMinutes(15);

  public String name() {
    return "home-assistant";
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    if (vehicle.state() != VehicleOnlineState.ONLINE) {
      return PollDecision.waitForState().withStateCheckEvery(UPDATE_INTERVAL);
    }
    if (vehicle.lastDataAt() == null) {
      return PollDecision.fetchAt(now, FixedPolicy.LOGGER_ENDPOINTS).withStateCheckEvery(UPDATE_INTERVAL);
    }
    boolean idle = vehicle.lastChangeAt() != null
        && !SnapshotSigns.driving(vehicle.lastData()) && !SnapshotSigns.charging(vehicle.lastData())
        && Duration.between(vehicle.lastChangeAt(), now).compareTo(IDLE_AFTER) >= 0;
    Duration interval = idle ? IDLE_INTERVAL : UPDATE_INTERVAL;
    return PollDecision.fetchAt(vehicle.lastDataAt().plus(interval), FixedPolicy.LOGGER_ENDPOINTS)
        .withStateCheckEvery(interval);
  }
}
