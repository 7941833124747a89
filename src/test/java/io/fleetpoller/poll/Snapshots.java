package io.fleetpoller.poll;

import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.ClimateState;
import io.fleetpoller.fleetapi.DriveState;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.fleetapi.VehicleStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** vehicle_data snapshots and the default polling config, for the policy and tracker tests. */
final class Snapshots {

  static final String VIN = "5YJ3E1EA7KF000001";

  private Snapshots() {}

  static FleetConfig.Polling defaults() {
    return new FleetConfig.Polling(Duration.ofSeconds(60),
        new FleetConfig.Intervals(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5)),
        Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(15), false,
        Map.of("driving", List.of("drive_state", "charge_state", "vehicle_state", "location_data"),
            "charging", List.of("charge_state"),
            "online", List.of("charge_state", "vehicle_state", "drive_state", "climate_state")),
        new FleetConfig.Budget(10.0, Optional.empty()), new FleetConfig.RateLimit(60), "cost-aware");
  }

  static VehicleData parked(double odometer, int level) {
    return data(null, null, odometer, level, 200.0, "Disconnected", 0.0, 0.0, null, false, false);
  }

  static VehicleData driving(double odometer, int level, double range) {
    return data("D", 40.0, odometer, level, range, "Disconnected", 0.0, 0.0, null, false, false);
  }

  static VehicleData charging(int level, double powerKw, double energyAdded, Double hoursToFull) {
    return data(null, null, 1000.0, level, 200.0, "Charging", powerKw, energyAdded, hoursToFull, false, false);
  }

  static VehicleData chargeComplete(int level, double energyAdded) {
    return data(null, null, 1000.0, level, 250.0, "Complete", 0.0, energyAdded, null, false, false);
  }

  static VehicleData parkedWithSentry(double odometer, int level) {
    return data(null, null, odometer, level, 200.0, "Disconnected", 0.0, 0.0, null, false, true);
  }

  static VehicleData data(String gear, Double speed, double odometer, int level, double range, String chargingState,
      double powerKw, double energyAdded, Double hoursToFull, boolean userPresent, boolean sentry) {
    return new VehicleData(1, VIN, "Car", VehicleOnlineState.ONLINE,
        new ChargeState(level, level, range, chargingState, powerKw, energyAdded, 80, 230, 16, hoursToFull, 0L),
        new DriveState(gear, speed, 0.0, null, null, 0, 0L),
        new ClimateState(20.0, 10.0, false, false, 0L),
        new VehicleStatus(odometer, true, userPresent, sentry, "2025.1", "Car", 0L));
  }
}
