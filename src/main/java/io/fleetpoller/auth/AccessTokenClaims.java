package io.fleetpoller.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The claims of a Fleet API access token that tell why a call may fail: expiry, granted scopes
 * ({@code scp}), audiences ({@code aud}: the Fleet API base URLs it is valid for) and region
 * ({@code ou_code}). See FACTS.md, "Access-token JWT claims".
 *
 * <p>The signature is not checked: we are not the token's audience verifier, Tesla is. These claims
 * only explain failures and show token health; they never grant anything.
 */
public record AccessTokenClaims(
    Optional<Instant> expiresAt,
    Optional<Instant> issuedAt,
    List<String> scopes,
    List<String> audiences,
    Optional<String> region,
    Optional<String> subject) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the payload of a JWT-shaped token; empty when it is not one (opaque tokens exist). */
  public static Optional<AccessTokenClaims> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode payload = JSON.readTree(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (payload == null || !payload.isObject()) {
        return Optional.empty();
      }
      return Optional.of(new AccessTokenClaims(
          epochSeconds(payload.get("exp")),
          epochSeconds(payload.get("iat")),
          strings(payload.get("scp")),
          strings(payload.get("aud")),
          text(payload.get("ou_code")),
          text(payload.get("sub"))));
    } catch (IllegalArgumentException | java.io.IOException e) {
      // Never include the token or its parts: only that it could not be read.
      return Optional.empty();
    }
  }

  private static Optional<Instant> epochSeconds(JsonNode node) {
    return node != null && node.canConvertToLong() && node.isNumber()
        ? Optional.of(Instant.ofEpochSecond(node.asLong()))
        : Optional.empty();
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
  }

  /** A claim that may be a single string, a space separated string, or an array of strings. */
  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isTextual()) {
      for (String s : node.asText().trim().split("\\s+")) {
        if (!s.isEmpty()) {
          out.add(s);
        }
      }
    } else if (node.isArray()) {
      node.forEach(item -> {
        if (item.isTextual()) {
          out.add(item.asText());
        }
      });
    }
    return List.copyOf(out);
  }
}
