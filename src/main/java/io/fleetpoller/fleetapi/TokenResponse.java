package io.fleetpoller.fleetapi;

import java.time.Duration;
import java.util.List;

/**
 * What the token endpoint granted. {@link #toString()} redacts the three tokens.
 *
 * @param refreshToken null when none was granted (no {@code offline_access}, or client
 *     credentials); single-use: save it before anything else (FACTS.md, "OAuth")
 * @param idToken may be null
 * @param expiresIn {@code expires_in}; null when the server did not say
 * @param tokenType may be null
 * @param scopes the response's space-separated {@code scope}; empty when it had none
 */
public record TokenResponse(
    String accessToken,
    String refreshToken,
    String idToken,
    Duration expiresIn,
    String tokenType,
    List<String> scopes) {

  public TokenResponse {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "TokenResponse[accessToken=***, refreshToken=" + (refreshToken == null ? "null" : "***")
        + ", idToken=" + (idToken == null ? "null" : "***") + ", expiresIn=" + expiresIn
        + ", tokenType=" + tokenType + ", scopes=" + scopes + "]";
  }
}
