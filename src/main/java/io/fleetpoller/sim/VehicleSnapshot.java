package io.fleetpoller.sim;

import java.time.Instant;

/** Everything the API shows about a car at one instant; {@code shiftState}/{@code speed} may be null. */
record VehicleSnapshot(
    Instant at,
    String state,
    String activity,
    double batteryKwh,
    double batteryPercent,
    int chargeLimitPercent,
    double odometer,
    Place position,
    int heading,
    String shiftState,
    Integer speed,
    int powerKw,
    String chargingState,
    double chargerPowerKw,
    int chargerVoltage,
    int chargerCurrent,
    double energyAdded,
    double hoursToFull,
    boolean fastCharger,
    boolean pluggedIn,
    boolean climateOn,
    boolean userPresent,
    double outsideTemp,
    double insideTemp) {}
