package io.fleetpoller.bench;

import java.util.Objects;

/**
 * What one policy did over a benchmark run: what it spent and what it saw.
 *
 * @param policy the policy's name as given on the command line, e.g. {@code fixed:30s}
 * @param simulatedHours length of the run in simulated hours
 * @param totalUsd the simulator ledger's bill for the run
 * @param awakeSecondsCaused fleet seconds the cars were kept awake by API calls (the simulator's
 *     {@code awake_seconds_caused}, summed)
 * @param awakeSecondsTotal fleet seconds the cars were awake for any reason ({@code awake_seconds}, summed)
 */
public record PolicyResult(String policy, int vehicles, double simulatedHours, double totalUsd,
    long vehicleDataCalls, long wakes, long awakeSecondsCaused, long awakeSecondsTotal,
    DetectionStats drives, DetectionStats charges) {

  public PolicyResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(drives, "drives");
    Objects.requireNonNull(charges, "charges");
    if (vehicles <= 0 || !(simulatedHours > 0)) {
      throw new IllegalArgumentException("a run needs vehicles and time, got " + vehicles + " vehicles over "
          + simulatedHours + " h");
    }
    if (totalUsd < 0 || vehicleDataCalls < 0 || wakes < 0 || awakeSecondsCaused < 0
        || awakeSecondsTotal < awakeSecondsCaused) {
      throw new IllegalArgumentException("counts must not be negative and caused awake time ("
          + awakeSecondsCaused + " s) cannot exceed the total (" + awakeSecondsTotal + " s)");
    }
  }

  public double usdPerVehiclePerDay() {
    return totalUsd / vehicles / (simulatedHours / 24);
  }

  public double awakeHoursCaused() {
    return awakeSecondsCaused / 3600.0;
  }

  /**
   * Awake time polling added over the time the cars were awake on their own ({@code caused /
   * (total - caused)}); NaN when the cars were never awake on their own.
   */
  public double addedAwakeFraction() {
    long natural = awakeSecondsTotal - awakeSecondsCaused;
    return natural <= 0 ? Double.NaN : (double) awakeSecondsCaused / natural;
  }
}
