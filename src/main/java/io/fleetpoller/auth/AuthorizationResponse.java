package io.fleetpoller.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the authorization server sent back to the redirect URI: a code and the echoed state, or an
 * {@code error} such as {@code access_denied}. Parsed from the full redirected URL, as a browser
 * shows it (the {@code token login} flow pastes it back) or as the callback receives it.
 */
public record AuthorizationResponse(
    Optional<String> code, Optional<String> state, Optional<String> error, Optional<String> errorDescription) {

  /** @throws IllegalArgumentException when {@code redirectedUrl} is not a URL with a query */
  public static AuthorizationResponse fromRedirect(String redirectedUrl) {
    URI uri;
    try {
      uri = URI.create(redirectedUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: paste the whole address the browser was sent to");
    }
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      throw new IllegalArgumentException("the URL has no query: expected ...?code=...&state=...");
    }
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return new AuthorizationResponse(
        nonBlank(params.get("code")), nonBlank(params.get("state")),
        nonBlank(params.get("error")), nonBlank(params.get("error_description")));
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  @Override
  public String toString() {
    return "AuthorizationResponse[code=" + (code.isPresent() ? "***" : "none") + ", error=" + error.orElse("none") + "]";
  }
}
