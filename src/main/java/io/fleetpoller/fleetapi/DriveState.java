package io.fleetpoller.fleetapi;

/**
 * vehicle_data's {@code drive_state}; every field may be null (Tesla sends null {@code shift_state}
 * and {@code speed} while parked). Latitude and longitude need the {@code location_data} endpoint
 * on newer firmware.
 *
 * @param speedMph {@code speed}
 * @param powerKw {@code power}; negative while regenerating or charging
 * @param timestamp epoch milliseconds
 */
public record DriveState(
    String shiftState,
    Double speedMph,
    Double powerKw,
    Double latitude,
    Double longitude,
    Integer heading,
    Long timestamp) {}
