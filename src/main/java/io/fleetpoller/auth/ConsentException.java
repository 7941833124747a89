package io.fleetpoller.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * A consent that did not end in stored tokens. Callers switch on {@link #reason()}; the message is
 * one plain sentence for a person (what happened, what to do) and never holds a token, code,
 * verifier or state.
 */
public final class ConsentException extends RuntimeException {

  /** Why the consent failed. */
  public enum Reason {
    /** The account id is missing or not 1-64 of {@code [A-Za-z0-9._-]}. */
    BAD_ACCOUNT,
    /** The callback carried no {@code state}. */
    STATE_MISSING,
    /** The {@code state} was never issued here (or was forgotten). */
    STATE_UNKNOWN,
    /** The {@code state} is older than its 10 minutes. */
    STATE_EXPIRED,
    /** The {@code state} was used before: a replayed callback. */
    STATE_REPLAYED,
    /** The pending-consent store could not remember or look up a state (e.g. Redis down). */
    STATE_STORE_FAILED,
    /** Tesla's authorize page answered with an {@code error}, e.g. {@code access_denied}. */
    AUTHORIZATION_DENIED,
    /** The callback carried neither a code nor an error. */
    CODE_MISSING,
    /** The token endpoint refused the code, or could not be reached. */
    CODE_EXCHANGE_FAILED,
    /** Tokens were granted but could not be stored. */
    STORE_FAILED
  }

  private final Reason reason;
  private final String account;
  private final String teslaError;

  ConsentException(Reason reason, String account, String teslaError, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.account = account;
    this.teslaError = teslaError;
  }

  public Reason reason() {
    return reason;
  }

  /** The account the consent was for, when it is known (not for an unknown or missing state). */
  public Optional<String> account() {
    return Optional.ofNullable(account);
  }

  /** Tesla's {@code error} (authorize page or token endpoint), when Tesla gave one. */
  public Optional<String> teslaError() {
    return Optional.ofNullable(teslaError);
  }
}
