package io.fleetpoller.triage;

import io.fleetpoller.config.ApiCallKind;
import java.util.Locale;

/**
 * The request that failed. Finer than {@link ApiCallKind}: the token endpoint serves three grants
 * whose failures mean different things (a 400 {@code invalid_grant} is a bad code on an exchange,
 * a dead refresh token on a refresh), and the authorize callback is our own check.
 */
public enum RequestKind {
  /** Our {@code /auth/callback}: Tesla's redirect back with a code or an error, checked against our state. */
  AUTHORIZE_CALLBACK,
  /** Token endpoint, {@code grant_type=authorization_code}. */
  CODE_EXCHANGE,
  /** Token endpoint, {@code grant_type=refresh_token}. */
  REFRESH,
  /** Token endpoint, {@code grant_type=client_credentials} (partner token). */
  CLIENT_CREDENTIALS,
  LIST,
  VEHICLE,
  VEHICLE_DATA,
  WAKE_UP,
  REGION,
  COMMAND;

  /** Lower snake case, as in events. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for Fleet API calls, which carry an access token; false for the OAuth steps. */
  public boolean usesAccessToken() {
    return switch (this) {
      case AUTHORIZE_CALLBACK, CODE_EXCHANGE, REFRESH, CLIENT_CREDENTIALS -> false;
      case LIST, VEHICLE, VEHICLE_DATA, WAKE_UP, REGION, COMMAND -> true;
    };
  }

  /**
   * The kind for a Fleet API call kind. {@link ApiCallKind#TOKEN} maps to {@link #REFRESH}, the
   * token call the daemon makes on its own; a code exchange or partner token says so with
   * {@link FailureContext#withKind}.
   */
  public static RequestKind of(ApiCallKind kind) {
    return switch (kind) {
      case LIST -> LIST;
      case VEHICLE -> VEHICLE;
      case VEHICLE_DATA -> VEHICLE_DATA;
      case WAKE_UP -> WAKE_UP;
      case REGION -> REGION;
      case COMMAND -> COMMAND;
      case TOKEN -> REFRESH;
    };
  }
}
