package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;

/**
 * Benchmark reference after Home Assistant's {@code tesla_fleet} coordinator (FACTS.md, "How peers
 * poll", checked against {@code components/tesla_fleet/coordinator.py}, see
 * {@code bench.PeerPolicies}): the free vehicle endpoint every 600 s, vehicle_data in the same update
 * only when that says {@code online}. Only for a pre-2021 Model S/X (told from the VIN) does it wait
 * 900 s once the car has been idle 15 minutes, so that it can sleep; other cars are read every 600 s
 * while online. "Idle" here is the tracker's last change in the snapshots.
 */
public final class HomeAssistantLikePolicy implements PollPolicy {

  static final Duration UPDATE_INTERVAL = Duration.ofSeconds(600);
  static final Duration IDLE_INTERVAL = Duration.ofSeconds(900);
  static final Duration IDLE_AFTER = Duration.ofMinutes(15);

  public String name() {
    return "homeassistant-like";
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    if (vehicle.state() != VehicleOnlineState.ONLINE) {
      return PollDecision.waitForState().withStateCheckEvery(UPDATE_INTERVAL);
    }
    if (vehicle.lastDataAt() == null) {
      return PollDecision.fetchAt(now, FixedPolicy.LOGGER_ENDPOINTS).withStateCheckEvery(UPDATE_INTERVAL);
    }
    boolean idle = pre2021ModelSorX(vehicle.vin()) && vehicle.lastChangeAt() != null
        && !SnapshotSigns.driving(vehicle.lastData()) && !SnapshotSigns.charging(vehicle.lastData())
        && Duration.between(vehicle.lastChangeAt(), now).compareTo(IDLE_AFTER) >= 0;
    Duration interval = idle ? IDLE_INTERVAL : UPDATE_INTERVAL;
    return PollDecision.fetchAt(vehicle.lastDataAt().plus(interval), FixedPolicy.LOGGER_ENDPOINTS)
        .withStateCheckEvery(interval);
  }

  /**
   * A Model S or X (VIN position 4) of model year 2020 or earlier (position 10: 8, 9, A-H, J-L for
   * 2008-2020); the cars HA lets sleep, since they cannot report sleep readiness.
   */
  static boolean pre2021ModelSorX(String vin) {
    if (vin == null || vin.length() != 17) {
      return false;
    }
    char model = Character.toUpperCase(vin.charAt(3));
    char year = Character.toUpperCase(vin.charAt(9));
    return (model == 'S' || model == 'X') && "89ABCDEFGHJKL".indexOf(year) >= 0;
  }
}
