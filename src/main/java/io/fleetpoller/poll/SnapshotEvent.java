package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleData;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The {@code fleet.vehicle.snapshot} payload: the figures dashboards plot, flat and null-free. */
final class SnapshotEvent {

  private SnapshotEvent() {}

  static JsonObject of(String account, String vin, VehicleData data, Instant at) {
    JsonObject event = new JsonObject()
        .put("type", "snapshot")
        .put("account", account)
        .put("vehicle", vin)
        .put("state", data.state().name().toLowerCase())
        .put("at", at.toString());
    if (data.charge() != null) {
      putIfPresent(event, "battery_level", data.charge().batteryLevel());
      putIfPresent(event, "charging_state", data.charge().chargingState());
      putIfPresent(event, "charger_power_kw", data.charge().chargerPowerKw());
      putIfPresent(event, "charge_energy_added_kwh", data.charge().chargeEnergyAddedKwh());
    }
    if (data.drive() != null) {
      putIfPresent(event, "shift_state", data.drive().shiftState());
      putIfPresent(event, "speed_mph", data.drive().speedMph());
      putIfPresent(event, "power_kw", data.drive().powerKw());
    }
    if (data.vehicle() != null) {
      putIfPresent(event, "odometer_miles", data.vehicle().odometerMiles());
    }
    return event;
  }

  private static void putIfPresent(JsonObject event, String key, Object value) {
    if (value != null) {
      event.put(key, value);
    }
  }
}
