package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;

/**
 * Benchmark reference after TeslaMate's {@code lib/teslamate/vehicles/vehicle.ex} (FACTS.md, "How
 * peers poll"; the 15 and 21 minutes also in TeslaMate's {@code docs/configuration/sleep.md}):
 * asleep or offline, read the state every 30 s and never vehicle_data; driving every 2.5 s;
 * charging every {@code round(250 / charger_power_kW)} s clamped to 5-20 s; otherwise 15 s; after 15
 * idle minutes no data call for 21 minutes so the car can sleep, unless a sleep blocker holds.
 * Blockers seen here are those the snapshot records carry: user present, preconditioning, sentry.
 * Doors open, dog mode and update downloads are not parsed, so they never block here.
 */
public final class TeslaMateLikePolicy implements PollPolicy {

  static final Duration STATE_CHECK = Duration.ofSeconds(30);
  static final Duration DRIVING = Duration.ofMillis(2500);
  static final Duration ONLINE = Duration.ofSeconds(15);
  static final long CHARGING_MIN_SECONDS = 5;
  static final long CHARGING_MAX_SECONDS = 20;
  static final Duration IDLE_BEFORE_SUSPEND = Duration.ofMinutes(15);
  static final Duration SUSPEND = Duration.ofMinutes(21);

  public String name() {
    return "teslamate-like";
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    if (vehicle.state() != VehicleOnlineState.ONLINE) {
      return PollDecision.waitForState().withStateCheckEvery(STATE_CHECK);
    }
    if (vehicle.lastDataAt() == null) {
      return fetch(now);
    }
    return fetch(vehicle.lastDataAt().plus(interval(vehicle)));
  }

  private static Duration interval(VehicleView vehicle) {
    VehicleData data = vehicle.lastData();
    if (SnapshotSigns.driving(data)) {
      return DRIVING;
    }
    if (SnapshotSigns.charging(data)) {
      return Duration.ofSeconds(chargingSeconds(data.charge().chargerPowerKw()));
    }
    boolean idleLongEnough = vehicle.lastChangeAt() != null
        && Duration.between(vehicle.lastChangeAt(), vehicle.lastDataAt()).compareTo(IDLE_BEFORE_SUSPEND) >= 0;
    if (idleLongEnough && !SnapshotSigns.sleepBlocked(data)) {
      return SUSPEND;
    }
    return ONLINE;
  }

  /** round(250 / kW) seconds, 5-20 s; no power figure or 0 kW means 5 s, as TeslaMate does. */
  static long chargingSeconds(Double chargerPowerKw) {
    if (chargerPowerKw == null || chargerPowerKw <= 0) {
      return CHARGING_MIN_SECONDS;
    }
    long seconds = Math.round(250 / chargerPowerKw);
    return Math.max(CHARGING_MIN_SECONDS, Math.min(CHARGING_MAX_SECONDS, seconds));
  }

  private static PollDecision fetch(Instant at) {
    return PollDecision.fetchAt(at, FixedPolicy.LOGGER_ENDPOINTS).withStateCheckEvery(STATE_CHECK);
  }
}
