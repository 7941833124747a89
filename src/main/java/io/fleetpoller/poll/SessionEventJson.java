package io.fleetpoller.poll;

import io.vertx.core.json.JsonObject;

/**
 * The {@code fleet.vehicle.state} payloads of sessions: {@code drive_started}, {@code drive_ended}
 * (distance, battery points and rated range used), {@code charge_started}, {@code charge_ended}
 * (kWh added, peak power). Figures the snapshots did not carry are left out, never null.
 */
final class SessionEventJson {

  private SessionEventJson() {}

  static JsonObject of(String account, String vin, SessionEvent event) {
    JsonObject json = new JsonObject()
        .put("account", account)
        .put("vehicle", vin)
        .put("at", event.at().toString());
    if (event instanceof SessionEvent.DriveStarted started) {
      json.put("type", "drive_started");
      putIfPresent(json, "odometer_miles", started.odometerMiles());
      putIfPresent(json, "battery_level", started.batteryLevel());
    } else if (event instanceof SessionEvent.DriveEnded ended) {
      json.put("type", "drive_ended").put("started_at", ended.startedAt().toString());
      putIfPresent(json, "distance_miles", ended.distanceMiles());
      putIfPresent(json, "battery_percent_used", ended.batteryPercentUsed());
      putIfPresent(json, "range_used_miles", ended.rangeUsedMiles());
    } else if (event instanceof SessionEvent.ChargeStarted started) {
      json.put("type", "charge_started");
      putIfPresent(json, "battery_level", started.batteryLevel());
    } else if (event instanceof SessionEvent.ChargeEnded ended) {
      json.put("type", "charge_ended").put("started_at", ended.startedAt().toString())
          .put("peak_power_kw", ended.peakPowerKw());
      putIfPresent(json, "energy_added_kwh", ended.energyAddedKwh());
      putIfPresent(json, "battery_level", ended.batteryLevel());
    }
    return json;
  }

  private static void putIfPresent(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
