package io.fleetpoller.triage;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a call failed, as classified by {@link TriageClassifier}; the wire names are exactly issue
 * 6's reason strings. {@link #BUDGET_EXHAUSTED} is the poller's own (its monthly budget cap), so one
 * enum covers every {@code fleet.triage} event. Each reason's {@link Severity} follows the rule in
 * {@link Severity}.
 */
public enum TriageReason {
  ACCESS_TOKEN_EXPIRED(Severity.INFO,
      "None: the daemon refreshes once and retries; if it repeats, check the host's clock"),
  REFRESH_TOKEN_INVALID(Severity.CRITICAL,
      "The owner consents again at /auth/login?account=ID"),
  PASSWORD_CHANGED_SUSPECTED(Severity.CRITICAL,
      "Ask the owner about a password change, then consent again at /auth/login?account=ID"),
  MISSING_SCOPE(Severity.WARNING,
      "Put the scope in tesla.scopes and have the owner consent again, granting it"),
  AUDIENCE_MISMATCH(Severity.CRITICAL,
      "Set tesla.apiBaseUrl to the account's region or consent again"),
  WRONG_REGION(Severity.INFO,
      "None: the daemon moves the account to Tesla's region; set tesla.apiBaseUrl to match"),
  PARTNER_NOT_REGISTERED(Severity.CRITICAL,
      "Register the app in that region (POST /api/1/partner_accounts)"),
  UNKNOWN_USER(Severity.CRITICAL,
      "The owner signs in once to the Tesla app with this account"),
  MOBILE_ACCESS_DISABLED(Severity.WARNING,
      "The owner turns on Allow Mobile Access in the car's Safety settings"),
  KEY_NOT_PAIRED(Severity.WARNING,
      "The owner adds the app's virtual key in the car (tesla.com/_ak/<your domain>)"),
  COMMAND_PROTOCOL_REQUIRED(Severity.WARNING,
      "Send commands through Tesla's vehicle-command proxy"),
  UNSUPPORTED_VEHICLE(Severity.WARNING,
      "None: the car does not support the call"),
  BILLING_LIMIT(Severity.CRITICAL,
      "Raise the billing limit or add a payment method on developer.tesla.com"),
  ACCOUNT_LOCKED(Severity.CRITICAL,
      "The owner unlocks the account at tesla.com or calls Tesla support"),
  ACCESS_TOKEN_INVALID(Severity.INFO,
      "None: the daemon re-reads the token store and retries once"),
  CONSENT_REVOKED(Severity.CRITICAL,
      "The owner consents again at /auth/login?account=ID"),
  PAYMENT_REQUIRED(Severity.CRITICAL,
      "Check the app's billing and credits on developer.tesla.com"),
  REDIRECT_URI_MISMATCH(Severity.CRITICAL,
      "Make tesla.redirectUri equal to a redirect URI registered for the app"),
  AUTH_CODE_INVALID(Severity.WARNING,
      "Log in again and let the callback finish at once"),
  CLIENT_CREDENTIALS_INVALID(Severity.CRITICAL,
      "Check tesla.clientId and tesla.clientSecret on developer.tesla.com"),
  STATE_MISMATCH(Severity.WARNING,
      "Start the login again and finish it in the same browser"),
  RATE_LIMITED(Severity.INFO,
      "None: the daemon waits out Retry-After; if it repeats, poll less often"),
  /** The poller's monthly budget cap stopped paid calls; it lifts by itself at the month's start. */
  BUDGET_EXHAUSTED(Severity.WARNING,
      "Raise polling.budget.monthlyUsd, or paid calls resume on the 1st"),
  UNKNOWN_401(Severity.WARNING,
      "Run doctor --account ID and read the event in /api/triage"),
  UNKNOWN_403(Severity.WARNING,
      "Run doctor --account ID and read the event in /api/triage");

  private final Severity severity;
  private final String nextStep;

  TriageReason(Severity severity, String nextStep) {
    this.severity = severity;
    this.nextStep = nextStep;
  }

  /**
   * The usual next step for this reason, in a few words that hold for any account: a label of the
   * {@code fleet_triage_last_event_timestamp_seconds} gauge, so Grafana shows it beside the reason.
   * Each event's own {@code action} says it exactly, for its account and call.
   */
  public String nextStep() {
    return nextStep;
  }

  /** The reason string in events, e.g. {@code access_token_expired}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Severity severity() {
    return severity;
  }

  /** The reason with this exact wire name, if any (e.g. for {@code GET /api/triage?reason=}). */
  public static Optional<TriageReason> fromWireName(String wireName) {
    for (TriageReason reason : values()) {
      if (reason.wireName().equals(wireName)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
