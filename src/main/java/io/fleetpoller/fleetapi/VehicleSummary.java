package io.fleetpoller.fleetapi;

/**
 * A vehicle as the vehicle list and vehicle endpoints describe it; reading it never wakes the car.
 *
 * @param id Tesla's numeric {@code id}; 0 when the body had none
 * @param vehicleId the identifier to put in a vehicle path: Tesla's {@code id_s}, else {@code id}
 *     as text; null when the body had neither. (Tesla's separate numeric {@code vehicle_id} is the
 *     streaming id and cannot address the REST endpoints, so it is not kept.)
 * @param vin may be null
 * @param displayName may be null
 */
public record VehicleSummary(
    long id,
    String vehicleId,
    String vin,
    String displayName,
    VehicleOnlineState state,
    boolean inService) {}
