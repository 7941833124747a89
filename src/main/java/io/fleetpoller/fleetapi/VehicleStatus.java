package io.fleetpoller.fleetapi;

/**
 * vehicle_data's {@code vehicle_state}; every field may be null.
 *
 * @param odometerMiles {@code odometer}
 * @param userPresent {@code is_user_present}: blocks sleep
 * @param sentryMode {@code sentry_mode}: blocks sleep
 * @param timestamp epoch milliseconds
 */
public record VehicleStatus(
    Double odometerMiles,
    Boolean locked,
    Boolean userPresent,
    Boolean sentryMode,
    String carVersion,
    String vehicleName,
    Long timestamp) {}
