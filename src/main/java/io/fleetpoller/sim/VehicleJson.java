package io.fleetpoller.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Renders a car in the Fleet API's shapes (fleet-api/samples/vehicle_data.json). */
final class VehicleJson {

  static final Set<String> ALL_SECTIONS = Set.of(
      "charge_state", "climate_state", "drive_state", "gui_settings", "vehicle_config", "vehicle_state");
  private static final int API_VERSION = 71;
  private static final double RATED_MILES_FULL = 310;

  private VehicleJson() {}

  /** The summary the list and vehicle endpoints show. */
  static JsonObject summary(VehicleTraits car, String state) {
    return new JsonObject()
        .put("id", car.id())
        .put("vehicle_id", car.vehicleId())
        .put("vin", car.vin())
        .put("display_name", car.displayName())
        .put("color", null)
        .put("access_type", "OWNER")
        .put("tokens", new JsonArray())
        .put("state", state)
        .put("in_service", false)
        .put("id_s", String.valueOf(car.id()))
        .put("calendar_enabled", true)
        .put("api_version", API_VERSION)
        .put("backseat_token", null)
        .put("backseat_token_updated_at", null);
  }

  /**
   * vehicle_data: the summary plus the requested sections; {@code location} adds the position to
   * drive_state (firmware since 2023.38 only reports it for {@code location_data}).
   */
  static JsonObject vehicleData(VehicleTraits car, VehicleSnapshot s, Set<String> sections, boolean location) {
    JsonObject data = summary(car, s.state()).put("user_id", car.vehicleId() % 100_000);
    long ts = s.at().toEpochMilli();
    if (sections.contains("charge_state")) {
      data.put("charge_state", chargeState(s, ts));
    }
    if (sections.contains("climate_state")) {
      data.put("climate_state", new JsonObject()
          .put("inside_temp", s.insideTemp())
          .put("outside_temp", s.outsideTemp())
          .put("is_climate_on", s.climateOn())
          .put("is_auto_conditioning_on", s.climateOn())
          .put("is_preconditioning", false)
          .put("driver_temp_setting", 21.0)
          .put("passenger_temp_setting", 21.0)
          .put("fan_status", s.climateOn() ? 3 : 0)
          .put("battery_heater", false)
          .put("timestamp", ts));
    }
    if (sections.contains("drive_state") || location) {
      JsonObject drive = new JsonObject()
          .put("shift_state", s.shiftState())
          .put("speed", s.speed())
          .put("power", s.powerKw())
          .put("heading", s.heading())
          .put("timestamp", ts);
      if (location) {
        drive.put("latitude", round(s.position().latitude(), 6))
            .put("longitude", round(s.position().longitude(), 6))
            .put("native_latitude", round(s.position().latitude(), 6))
            .put("native_longitude", round(s.position().longitude(), 6))
            .put("native_location_supported", 1)
            .put("native_type", "wgs")
            .put("gps_as_of", s.at().getEpochSecond());
      }
      data.put("drive_state", drive);
    }
    if (sections.contains("gui_settings")) {
      data.put("gui_settings", new JsonObject()
          .put("gui_24_hour_time", false)
          .put("gui_charge_rate_units", "kW")
          .put("gui_distance_units", "mi/hr")
          .put("gui_range_display", "Rated")
          .put("gui_temperature_units", "F")
          .put("gui_tirepressure_units", "Psi")
          .put("show_range_units", false)
          .put("timestamp", ts));
    }
    if (sections.contains("vehicle_config")) {
      data.put("vehicle_config", new JsonObject()
          .put("car_type", car.carType())
          .put("car_special_type", "base")
          .put("charge_port_type", "US")
          .put("eu_vehicle", false)
          .put("rhd", false)
          .put("exterior_color", "DeepBlue")
          .put("wheel_type", "Pinwheel18CapKit")
          .put("trim_badging", "74d")
          .put("motorized_charge_port", true)
          .put("plg", true)
          .put("utc_offset", 0)
          .put("timestamp", ts));
    }
    if (sections.contains("vehicle_state")) {
      data.put("vehicle_state", new JsonObject()
          .put("api_version", API_VERSION)
          .put("odometer", round(s.odometer(), 6))
          .put("locked", !s.userPresent())
          .put("is_user_present", s.userPresent())
          .put("sentry_mode", false)
          .put("sentry_mode_available", true)
          .put("car_version", "2024.26.7 0f1e2d3c4b5a")
          .put("vehicle_name", car.displayName())
          .put("df", 0).put("dr", 0).put("pf", 0).put("pr", 0).put("ft", 0).put("rt", 0)
          .put("software_update", new JsonObject().put("status", "").put("download_perc", 0))
          .put("timestamp", ts));
    }
    return data;
  }

  private static JsonObject chargeState(VehicleSnapshot s, long ts) {
    int level = (int) Math.floor(s.batteryPercent());
    double range = RATED_MILES_FULL * s.batteryPercent() / 100;
    int minutesToFull = (int) Math.round(s.hoursToFull() * 60);
    return new JsonObject()
        .put("battery_level", level)
        .put("usable_battery_level", Math.max(0, level - 1))
        .put("battery_range", round(range, 2))
        .put("est_battery_range", round(range * 0.94, 2))
        .put("ideal_battery_range", round(range, 2))
        .put("energy_remaining", round(s.batteryKwh(), 2))
        .put("charging_state", s.chargingState())
        .put("charger_power", (int) Math.round(s.chargerPowerKw()))
        .put("charger_voltage", s.chargerVoltage())
        .put("charger_actual_current", s.chargerCurrent())
        .put("charger_phases", s.pluggedIn() && !s.fastCharger() ? 1 : null)
        .put("charge_energy_added", round(s.energyAdded(), 2))
        .put("charge_miles_added_rated", round(s.energyAdded() / SimVehicle.KWH_PER_MILE, 1))
        .put("charge_limit_soc", s.chargeLimitPercent())
        .put("charge_limit_soc_std", 80)
        .put("charge_limit_soc_min", 50)
        .put("charge_limit_soc_max", 100)
        .put("charge_rate", round(s.chargerPowerKw() / SimVehicle.KWH_PER_MILE, 1))
        .put("charge_port_door_open", s.pluggedIn())
        .put("charge_port_latch", s.pluggedIn() ? "Engaged" : "Disengaged")
        .put("conn_charge_cable", s.pluggedIn() ? "SAE" : "<invalid>")
        .put("fast_charger_present", s.fastCharger() && "Charging".equals(s.chargingState()))
        .put("fast_charger_type", s.fastCharger() ? "Tesla" : (s.pluggedIn() ? "ACSingleWireCAN" : "<invalid>"))
        .put("time_to_full_charge", round(s.hoursToFull(), 2))
        .put("minutes_to_full_charge", minutesToFull)
        .put("scheduled_charging_pending", false)
        .put("timestamp", ts);
  }

  private static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }
}
