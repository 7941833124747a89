package io.fleetpoller.fleetapi;

/**
 * What vehicle_data answered. Each section is null when it was not asked for, missing, or not an
 * object; inside a section, a field of the wrong type is null (see {@code FleetApiParser}).
 */
public record VehicleData(
    long id,
    String vin,
    String displayName,
    VehicleOnlineState state,
    ChargeState charge,
    DriveState drive,
    ClimateState climate,
    VehicleStatus vehicle) {}
