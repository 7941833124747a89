package io.fleetpoller.auth;

import java.time.Instant;

/**
 * A consent in progress: the {@code state} sent to the authorize page, the account it is bound to,
 * the PKCE verifier and the exact redirect URI the code exchange must repeat. Lives 10 minutes,
 * is used once. toString never shows the state or the verifier.
 */
public record PendingConsent(
    String state, String account, String codeVerifier, String redirectUri, Instant expiresAt) {

  public static PendingConsent of(AuthorizationRequest request, Instant expiresAt) {
    return new PendingConsent(request.state(), request.account(), request.pkce().verifier(),
        request.redirectUri(), expiresAt);
  }

  @Override
  public String toString() {
    return "PendingConsent[account=" + account + ", expiresAt=" + expiresAt + "]";
  }
}
