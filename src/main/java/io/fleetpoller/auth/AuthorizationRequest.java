package io.fleetpoller.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One pending consent: the authorize URL to send the user to, and the secrets that must come back
 * with the answer (the {@code state} the callback must echo, the PKCE verifier for the code
 * exchange). The redirect URI is sent byte for byte as configured: Tesla refuses a code exchange
 * whose redirect_uri differs from the authorize one ({@code invalid_redirect_url}, FACTS.md).
 */
public record AuthorizationRequest(
    String account, String url, String state, Pkce pkce, String redirectUri) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public static AuthorizationRequest create(
      String account, String authorizeUrl, String clientId, String redirectUri, List<String> scopes) {
    byte[] stateBytes = new byte[24]; // 192 bits: unguessable, well above the 128 the BCP asks for
    RANDOM.nextBytes(stateBytes);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(stateBytes);
    Pkce pkce = Pkce.generate();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", clientId);
    params.put("redirect_uri", redirectUri);
    params.put("scope", String.join(" ", scopes));
    params.put("state", state);
    params.put("code_challenge", pkce.challenge());
    params.put("code_challenge_method", "S256");
    params.put("prompt_missing_scopes", "true");
    String query = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("&"));
    String separator = authorizeUrl.contains("?") ? "&" : "?";
    return new AuthorizationRequest(account, authorizeUrl + separator + query, state, pkce, redirectUri);
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[account=" + account + ", redirectUri=" + redirectUri + "]";
  }
}
