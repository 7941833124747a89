package io.fleetpoller.poll;

import java.time.Instant;

/**
 * A drive or charge session beginning or ending, as {@link VehicleTracker} infers it from state
 * transitions. Figures are null when the snapshots did not carry them.
 */
public sealed interface SessionEvent {

  Instant at();

  record DriveStarted(Instant at, Double odometerMiles, Integer batteryLevel) implements SessionEvent {}

  /**
   * @param distanceMiles odometer difference
   * @param batteryPercentUsed battery level points used (kWh would need the pack's capacity)
   * @param rangeUsedMiles {@code battery_range} difference, Tesla's rated-range measure of energy used
   */
  record DriveEnded(Instant at, Instant startedAt, Double distanceMiles, Integer batteryPercentUsed,
      Double rangeUsedMiles) implements SessionEvent {}

  record ChargeStarted(Instant at, Integer batteryLevel) implements SessionEvent {}

  /**
   * @param energyAddedKwh {@code charge_energy_added} at the end minus at the start
   * @param peakPowerKw highest {@code charger_power} seen during the session
   */
  record ChargeEnded(Instant at, Instant startedAt, Double energyAddedKwh, double peakPowerKw,
      Integer batteryLevel) implements SessionEvent {}
}
