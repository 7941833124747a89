package io.fleetpoller.fleetapi;

import java.util.Optional;

/** The values of vehicle_data's {@code endpoints} parameter (FACTS.md, "Endpoints a poller uses"). */
public enum VehicleDataEndpoint {
  CHARGE_STATE("charge_state"),
  CLIMATE_STATE("climate_state"),
  CLOSURES_STATE("closures_state"),
  DRIVE_STATE("drive_state"),
  GUI_SETTINGS("gui_settings"),
  /** Needs the {@code vehicle_location} scope and shows a location-sharing icon in the car. */
  LOCATION_DATA("location_data"),
  CHARGE_SCHEDULE_DATA("charge_schedule_data"),
  PRECONDITIONING_SCHEDULE_DATA("preconditioning_schedule_data"),
  VEHICLE_CONFIG("vehicle_config"),
  VEHICLE_STATE("vehicle_state");

  private final String wireName;

  VehicleDataEndpoint(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The endpoint with this exact wire name, if any. */
  public static Optional<VehicleDataEndpoint> fromWireName(String wireName) {
    for (VehicleDataEndpoint endpoint : values()) {
      if (endpoint.wireName.equals(wireName)) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }
}
