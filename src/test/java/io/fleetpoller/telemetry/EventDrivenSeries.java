package io.fleetpoller.telemetry;

import io.fleetpoller.cli.RunningDemoDaemon;
import io.fleetpoller.events.EventAddresses;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The series a daemon exports only once something has happened (a refresh, a triaged refusal, an
 * ended drive or charge) and how a test makes it happen, so the panels and rules that query them
 * are checked against real series rather than against nothing.
 */
final class EventDrivenSeries {

  /** The sample names that appear after {@link #provoke} and the first token refresh. */
  static final List<String> SAMPLE_NAMES = List.of("fleet_triage_events_total", "fleet_token_refresh_total",
      "fleet_lock_acquire_total", "fleet_drives_total", "fleet_charge_sessions_total",
      "fleet_charge_energy_added_kwh_total", "fleet_api_request_seconds_count");

  private EventDrivenSeries() {}

  /**
   * A refused access token for the daemon to triage, and ended sessions fed to the meters directly,
   * as the simulated fleet takes hours of simulated time to finish a charge. Refreshes come by
   * themselves when the daemon's tokens are short-lived.
   */
  static void provoke(RunningDemoDaemon daemon) {
    daemon.injectFault(new JsonObject().put("account", "acct-1").put("endpoint", "vehicle_data")
        .put("status", 401).put("count", 1).put("body", new JsonObject().put("error", "token expired (401)")));
    daemon.eventBus().publish(EventAddresses.VEHICLE_STATE,
        new JsonObject().put("type", "drive_ended").put("vehicle", "TEST-VIN"));
    daemon.eventBus().publish(EventAddresses.VEHICLE_STATE,
        new JsonObject().put("type", "charge_ended").put("vehicle", "TEST-VIN").put("energy_added_kwh", 12.5));
  }
}
