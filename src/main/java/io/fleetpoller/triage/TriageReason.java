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
  ACCESS_TOKEN_EXPIRED(Severity.INFO),
  REFRESH_TOKEN_INVALID(Severity.CRITICAL),
  PASSWORD_CHANGED_SUSPECTED(Severity.CRITICAL),
  MISSING_SCOPE(Severity.WARNING),
  AUDIENCE_MISMATCH(Severity.CRITICAL),
  WRONG_REGION(Severity.INFO),
  PARTNER_NOT_REGISTERED(Severity.CRITICAL),
  UNKNOWN_USER(Severity.CRITICAL),
  MOBILE_ACCESS_DISABLED(Severity.WARNING),
  KEY_NOT_PAIRED(Severity.WARNING),
  COMMAND_PROTOCOL_REQUIRED(Severity.WARNING),
  UNSUPPORTED_VEHICLE(Severity.WARNING),
  BILLING_LIMIT(Severity.CRITICAL),
  ACCOUNT_LOCKED(Severity.CRITICAL),
  ACCESS_TOKEN_INVALID(Severity.INFO),
  CONSENT_REVOKED(Severity.CRITICAL),
  PAYMENT_REQUIRED(Severity.CRITICAL),
  REDIRECT_URI_MISMATCH(Severity.CRITICAL),
  AUTH_CODE_INVALID(Severity.WARNING),
  CLIENT_CREDENTIALS_INVALID(Severity.CRITICAL),
  STATE_MISMATCH(Severity.WARNING),
  RATE_LIMITED(Severity.INFO),
  /** The poller's monthly budget cap stopped paid calls; it lifts by itself at the month's start. */
  BUDGET_EXHAUSTED(Severity.WARNING),
  UNKNOWN_401(Severity.WARNING),
  UNKNOWN_403(Severity.WARNING);

  private final Severity severity;

  TriageReason(Severity severity) {
    this.severity = severity;
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
