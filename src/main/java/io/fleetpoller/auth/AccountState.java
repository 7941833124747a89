package io.fleetpoller.auth;

/** Where an account stands with its tokens. */
public enum AccountState {
  /** Tokens work (or can be refreshed). */
  ACTIVE,
  /** Refreshes fail for now (token endpoint 5xx, timeouts); the current access token may still work. */
  REFRESH_FAILING,
  /** The refresh token is gone for good (login_required, lost rotation): a person must consent again. */
  NEEDS_CONSENT
}
