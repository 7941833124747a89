package io.fleetpoller.sim;

import java.time.Duration;
import java.time.Instant;

/** Something a car's owner intends to do on a day; {@link SimVehicle} decides what actually happens. */
sealed interface PlannedActivity
    permits PlannedActivity.Drive, PlannedActivity.HomeCharge, PlannedActivity.FastCharge,
        PlannedActivity.OfflinePeriod {

  Instant start();

  /** A drive from {@code from} through {@code via} to {@code to} at an average speed. */
  record Drive(Instant start, Instant end, double averageMph, Place from, Place via, Place to,
      boolean reversesOut) implements PlannedActivity {

    Duration duration() {
      return Duration.between(start, end);
    }
  }

  /** Plugging in at home, which only starts a charge when the battery is below {@code belowPercent}. */
  record HomeCharge(Instant start, double kilowatts, int limitPercent, int belowPercent)
      implements PlannedActivity {}

  /** A DC fast charge stop between two legs of a long drive, up to {@code end} or the limit. */
  record FastCharge(Instant start, Instant end, double kilowatts, int limitPercent)
      implements PlannedActivity {}

  /** No connectivity while parked (an underground garage). */
  record OfflinePeriod(Instant start, Instant end) implements PlannedActivity {}
}
