package io.fleetpoller.triage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One classified failure: why ({@code reason}), how urgent, the cause and the next step for a
 * person (one plain sentence each), and what the daemon does by itself. Published on
 * {@code fleet.triage} as {@link #toJson()}.
 *
 * <p>Every text is passed through {@link TokenRedaction} on construction, so no token, secret or
 * JWT can reach an event even when Tesla's error text quotes one.
 *
 * @param account null for app-wide failures (partner token, unknown callback state)
 * @param vehicle null when the failure is not about one vehicle
 * @param status the HTTP status; 0 when no HTTP answer came (our own callback check)
 * @param txid Tesla's txid, null when none
 * @param details reason-specific facts, snake_case keys: {@code scope} and {@code endpoint}
 *     (missing_scope), {@code base_url} (wrong_region, partner_not_registered, audience_mismatch),
 *     {@code retry_after_seconds} (rate_limited), {@code reconsent_path} (reasons a new consent
 *     fixes), {@code tesla_error} (Tesla's error text, shortened)
 */
public record TriageEvent(
    TriageReason reason,
    Severity severity,
    String cause,
    String action,
    AutoAction autoAction,
    String account,
    String vehicle,
    int status,
    String txid,
    Instant at,
    Map<String, String> details) {

  /** The {@code type} of every triage payload on the event bus. */
  public static final String TYPE = "triage";

  public TriageEvent {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(autoAction, "autoAction");
    Objects.requireNonNull(at, "at");
    cause = TokenRedaction.redact(Objects.requireNonNull(cause, "cause"));
    action = TokenRedaction.redact(Objects.requireNonNull(action, "action"));
    account = TokenRedaction.redact(account);
    vehicle = TokenRedaction.redact(vehicle);
    txid = TokenRedaction.redact(txid);
    Map<String, String> safe = new TreeMap<>();
    if (details != null) {
      details.forEach((key, value) -> {
        if (key != null && value != null) {
          safe.put(key, TokenRedaction.redact(value));
        }
      });
    }
    details = Collections.unmodifiableMap(safe);
  }

  /**
   * {@code {"type":"triage","reason":...,"severity":...,"cause":...,"action":...,"auto_action":...,
   * "account":...,"vehicle":...,"status":...,"txid":...,"at":...,"details":{...}}}; absent account,
   * vehicle and txid are left out, never null.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", TYPE)
        .put("reason", reason.wireName())
        .put("severity", severity.wireName())
        .put("cause", cause)
        .put("action", action)
        .put("auto_action", autoAction.wireName());
    if (account != null) {
      json.put("account", account);
    }
    if (vehicle != null) {
      json.put("vehicle", vehicle);
    }
    json.put("status", status);
    if (txid != null) {
      json.put("txid", txid);
    }
    JsonObject detailsJson = new JsonObject();
    details.forEach(detailsJson::put);
    return json.put("at", at.toString()).put("details", detailsJson);
  }
}
