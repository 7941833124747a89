package io.fleetpoller.fleetapi;

/**
 * vehicle_data's {@code climate_state}; every field may be null.
 *
 * @param climateOn {@code is_climate_on}
 * @param preconditioning {@code is_preconditioning}: blocks sleep
 * @param timestamp epoch milliseconds
 */
public record ClimateState(
    Double insideTempC, Double outsideTempC, Boolean climateOn, Boolean preconditioning, Long timestamp) {}
