package io.fleetpoller.auth;

/**
 * No usable access token for an account right now: it needs a new consent, or the token endpoint
 * keeps failing and the current token has run out. Carries the account's state so callers (the
 * poller, triage) branch on it, never on the message.
 */
public final class TokenUnavailableException extends RuntimeException {

  private final String account;
  private final AccountState state;

  public TokenUnavailableException(String account, AccountState state, String message) {
    super(message, null, false, false);
    this.account = account;
    this.state = state;
  }

  public String account() {
    return account;
  }

  public AccountState state() {
    return state;
  }
}
