package io.fleetpoller.triage;

import java.util.Locale;

/**
 * What the daemon does on its own about a triage event (issue 6, "Actions"). The event's
 * {@code action} sentence says what a person should do; this says what the daemon already does.
 */
public enum AutoAction {
  /** Single-flight refresh of the account's token, then one retry of the call. */
  REFRESH_AND_RETRY_ONCE,
  /**
   * Re-read the token store before anything else, then retry once: another instance's refresh
   * revokes older access tokens at once (FACTS.md, "OAuth": vehicle-command#160, #187).
   */
  REREAD_STORE_AND_RETRY,
  /** Mark the account {@code needs_consent} and pause its polling; the event carries the re-consent path. */
  NEEDS_CONSENT_PAUSE_ACCOUNT,
  /** Stop asking for the event's {@code endpoint} for that account; keep polling the rest. */
  DROP_ENDPOINT_FOR_ACCOUNT,
  /** Switch the account's base URL to the event's {@code base_url} (persisted) and retry once. */
  SWITCH_REGION_AND_RETRY,
  /** Pause every call for the account, no hammering. */
  PAUSE_ACCOUNT,
  /** Pause every call for the vehicle. */
  PAUSE_VEHICLE,
  /** Pause every call to the event's {@code base_url}, for every account: the app is not registered there. */
  PAUSE_REGION,
  /** Pause every paid call of the app: Tesla disabled it. */
  PAUSE_APP,
  /** Wait the event's {@code retry_after_seconds} before the next call of that kind. */
  HONOUR_RETRY_AFTER,
  /** Nothing automatic: only a person can fix it, and it does not stop polling by itself. */
  NONE;

  /** Lower snake case, as in events: e.g. {@code refresh_and_retry_once}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
