package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.VehicleData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a vehicle_data snapshot says about activity, and whether two snapshots differ in substance. */
final class SnapshotSigns {

  private static final Set<String> GEARS_ENGAGED = Set.of("D", "R", "N");

  private SnapshotSigns() {}

  /** Tesla sends a null shift_state and speed while parked (see {@code DriveState}). */
  static boolean driving(VehicleData data) {
    if (data == null || data.drive() == null) {
      return false;
    }
    String gear = data.drive().shiftState();
    Double speed = data.drive().speedMph();
    return (gear != null && GEARS_ENGAGED.contains(gear)) || (speed != null && speed > 0);
  }

  static boolean charging(VehicleData data) {
    if (data == null || data.charge() == null) {
      return false;
    }
    ChargeState charge = data.charge();
    return "Charging".equals(charge.chargingState())
        || (charge.chargerPowerKw() != null && charge.chargerPowerKw() > 0);
  }

  /** Sentry, preconditioning or a user in the car keep it awake whatever the poller does. */
  static boolean sleepBlocked(VehicleData data) {
    if (data == null) {
      return false;
    }
    boolean userPresent = data.vehicle() != null && Boolean.TRUE.equals(data.vehicle().userPresent());
    boolean sentry = data.vehicle() != null && Boolean.TRUE.equals(data.vehicle().sentryMode());
    boolean preconditioning = data.climate() != null && Boolean.TRUE.equals(data.climate().preconditioning());
    return userPresent || sentry || preconditioning;
  }

  /**
   * Whether anything a poller cares about moved: gear, speed, odometer, charging state and power,
   * battery level (a drop while parked is worth a closer look), climate, presence, sentry, locks.
   * Timestamps are ignored: they change on every call.
   */
  static boolean changed(VehicleData before, VehicleData after) {
    if (before == null || after == null) {
      return true;
    }
    return !Objects.equals(signature(before), signature(after));
  }

  private static List<Object> signature(VehicleData d) {
    var s = new ArrayList<Object>();
    s.add(d.drive() == null ? null : d.drive().shiftState());
    s.add(d.drive() == null ? null : d.drive().speedMph());
    s.add(d.vehicle() == null ? null : roundTenth(d.vehicle().odometerMiles()));
    s.add(d.vehicle() == null ? null : d.vehicle().userPresent());
    s.add(d.vehicle() == null ? null : d.vehicle().sentryMode());
    s.add(d.vehicle() == null ? null : d.vehicle().locked());
    s.add(d.charge() == null ? null : d.charge().chargingState());
    s.add(d.charge() == null ? null : roundTenth(d.charge().chargerPowerKw()));
    s.add(d.charge() == null ? null : d.charge().batteryLevel());
    s.add(d.climate() == null ? null : d.climate().climateOn());
    s.add(d.climate() == null ? null : d.climate().preconditioning());
    return s;
  }

  private static Double roundTenth(Double value) {
    return value == null ? null : Math.round(value * 10) / 10.0;
  }
}
