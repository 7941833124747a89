package io.fleetpoller.triage;

import java.util.regex.Pattern;

/**
 * Blanks anything token-shaped in text that may echo a server's body: JWTs (access and id tokens),
 * {@code NA_}/{@code EU_}/{@code CN_} refresh tokens (FACTS.md, "Token response"), bearer
 * credentials and secret-carrying query parameters. Triage events are published, stored and logged,
 * so no token may reach them even when Tesla's error text quotes one.
 */
final class TokenRedaction {

  static final String REDACTED = "<redacted>";

  /** A JWT: base64url of a JSON header (always starts {@code eyJ}), payload and optional signature. */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]*)?");
  private static final Pattern REFRESH_TOKEN = Pattern.compile("\\b(?:NA|EU|CN)_[A-Za-z0-9_-]{8,}");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)\\b(access_token|refresh_token|id_token|client_secret|code|code_verifier)=[^&\\s\"',;]+");

  private TokenRedaction() {}

  /** The text with every token-shaped part replaced by {@value #REDACTED}; null stays null. */
  static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = JWT.matcher(text).replaceAll(REDACTED);
    out = REFRESH_TOKEN.matcher(out).replaceAll(REDACTED);
    out = BEARER.matcher(out).replaceAll("$1 " + REDACTED);
    return SECRET_PARAM.matcher(out).replaceAll("$1=" + REDACTED);
  }
}
