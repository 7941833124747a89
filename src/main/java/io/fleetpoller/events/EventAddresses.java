package io.fleetpoller.events;

/**
 * Event bus addresses (DESIGN.md, "Event bus addresses"): a contract with dashboards and other
 * consumers. Payloads are JSON objects with a {@code type} field.
 */
public final class EventAddresses {

  /** A vehicle_data snapshot was taken ({@code type: snapshot}). */
  public static final String VEHICLE_SNAPSHOT = "fleet.vehicle.snapshot";
  /** A vehicle's state changed ({@code type: state}, drive/charge sessions). */
  public static final String VEHICLE_STATE = "fleet.vehicle.state";
  /** Every Fleet API call ({@code type: api_call}): endpoint, status, latency, cost. */
  public static final String API_CALL = "fleet.api.call";
  /** Token lifecycle: refreshed, refresh_failed, needs_consent. */
  public static final String TOKEN = "fleet.token";
  /** Classified failures ({@code type: triage}). */
  public static final String TRIAGE = "fleet.triage";

  private EventAddresses() {}
}
