package io.fleetpoller.auth;

import io.fleetpoller.fleetapi.TokenResponse;
import java.time.Duration;
import java.time.Instant;

/** When a freshly granted access token expires. */
public final class AccessTokenExpiry {

  /** Tesla's usual access-token lifetime (FACTS.md: {@code expires_in} 28800, as users report it). */
  static final Duration TYPICAL_LIFETIME = Duration.ofHours(8);

  private AccessTokenExpiry() {}

  /**
   * From {@code expires_in} when the token endpoint sent it, else from the JWT's {@code exp}, else
   * Tesla's usual 8 h: a wrong guess costs at most one 401, which triggers a refresh.
   */
  public static Instant of(TokenResponse response, Instant grantedAt) {
    if (response.expiresIn() != null) {
      return grantedAt.plus(response.expiresIn());
    }
    return AccessTokenClaims.parse(response.accessToken())
        .flatMap(AccessTokenClaims::expiresAt)
        .orElse(grantedAt.plus(TYPICAL_LIFETIME));
  }
}
