package io.fleetpoller.sim;

import java.time.Instant;

/** What a simulated car is physically doing. */
sealed interface VehicleActivity
    permits VehicleActivity.Parked, VehicleActivity.Driving, VehicleActivity.Charging,
        VehicleActivity.Plugged {

  /** Parked and unplugged since {@code since}. */
  record Parked(Instant since) implements VehicleActivity {}

  record Driving(PlannedActivity.Drive drive, double startOdometer, double startKwh)
      implements VehicleActivity {}

  /**
   * Charging since {@code since} from {@code startKwh} until {@code limitKwh} is reached or, for a
   * fast charge stop, {@code stopAt} (null for home charging) comes.
   */
  record Charging(Instant since, double startKwh, double kilowatts, double limitKwh, Instant stopAt,
      boolean fast) implements VehicleActivity {

    Instant end() {
      double hours = Math.max(0, limitKwh - startKwh) / kilowatts;
      Instant full = since.plusMillis((long) Math.ceil(hours * 3_600_000));
      return stopAt != null && stopAt.isBefore(full) ? stopAt : full;
    }

    double kwhAt(Instant at) {
      double hours = Math.max(0, at.toEpochMilli() - since.toEpochMilli()) / 3_600_000.0;
      return Math.min(limitKwh, startKwh + kilowatts * hours);
    }
  }

  /** Still plugged in after a charge ended ("Complete") until the next drive unplugs it. */
  record Plugged(Instant since, double energyAdded, boolean fast) implements VehicleActivity {}
}
