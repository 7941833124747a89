package io.fleetpoller.fleetapi;

/**
 * vehicle_data's {@code charge_state}; every field may be null.
 *
 * @param batteryRange miles
 * @param chargerPowerKw {@code charger_power}
 * @param chargeEnergyAddedKwh {@code charge_energy_added}
 * @param timeToFullChargeHours {@code time_to_full_charge}
 * @param timestamp epoch milliseconds, as Tesla sends it
 */
public record ChargeState(
    Integer batteryLevel,
    Integer usableBatteryLevel,
    Double batteryRange,
    String chargingState,
    Double chargerPowerKw,
    Double chargeEnergyAddedKwh,
    Integer chargeLimitSoc,
    Integer chargerVoltage,
    Integer chargerActualCurrent,
    Double timeToFullChargeHours,
    Long timestamp) {}
