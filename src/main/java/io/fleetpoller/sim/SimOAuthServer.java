package io.fleetpoller.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tesla's OAuth server as the simulator plays it: auto-consenting authorize, code exchange with
 * exact redirect matching and PKCE, single-use refresh tokens with an optional grace window, and
 * revocation of an account's older access tokens on refresh (FACTS.md, "OAuth").
 *
 * <p>Grace window: a rotated refresh token presented again within {@code refreshGrace} of its
 * first use answers with the newest pair of its chain (the same tokens, not a new rotation), so a
 * client that lost the answer can recover it. Not thread-safe; the {@link Simulation} guards it.
 */
final class SimOAuthServer {

  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  /** Tesla: refresh tokens expire after 3 months (third-party-tokens page, FACTS.md). */
  static final Duration REFRESH_LIFETIME = Duration.ofDays(90);

  /** A caller the API has authenticated; {@code account} is null for a partner token. */
  record Caller(String account, List<String> scopes) {}

  /** Either a caller or the 401 to answer. */
  record Authentication(Caller caller, ApiReply rejection) {}

  /** What the token endpoint answers; {@code grantType} is set when a grant succeeded. */
  record TokenOutcome(ApiReply reply, String grantType, boolean refreshTokenReused) {}

  /** Either a redirect location or an error reply. */
  record AuthorizeOutcome(String location, ApiReply error) {}

  private record AuthCode(String account, String redirectUri, List<String> scopes, String challenge,
      String challengeMethod, Instant expiresAt) {}

  /** One issued refresh token with the access token issued alongside it. */
  private static final class Grant {
    final String account;
    final List<String> scopes;
    final Instant issuedAt;
    final String refreshToken;
    final String accessToken;
    final String idToken;
    final Instant accessExpiresAt;
    Instant firstUsedAt;
    Grant successor;

    Grant(String account, List<String> scopes, Instant issuedAt, String refreshToken, String accessToken,
        String idToken, Instant accessExpiresAt) {
      this.account = account;
      this.scopes = scopes;
      this.issuedAt = issuedAt;
      this.refreshToken = refreshToken;
      this.accessToken = accessToken;
      this.idToken = idToken;
      this.accessExpiresAt = accessExpiresAt;
    }

    @Override
    public String toString() {
      return "Grant[account=" + account + ", tokens=<redacted>]";
    }
  }

  private final SimulatorOptions options;
  private final TokenMint mint;
  private final Supplier<String> baseUrl;
  private final List<String> accounts;
  /** The {@code ou_code} claim of an account's tokens (e.g. {@code NA}). */
  private final Function<String, String> ouCode;
  private final Map<String, AuthCode> codes = new HashMap<>();
  private final Map<String, Grant> grantsByRefreshToken = new HashMap<>();
  /** Issue number of every access token by its jti; a refresh raises the account's floor. */
  private final Map<String, Long> accessSequence = new HashMap<>();
  private final Map<String, Long> validFromSequence = new HashMap<>();
  private long sequence;

  SimOAuthServer(SimulatorOptions options, TokenMint mint, Supplier<String> baseUrl, List<String> accounts,
      Function<String, String> ouCode) {
    this.options = options;
    this.mint = mint;
    this.baseUrl = baseUrl;
    this.accounts = accounts;
    this.ouCode = ouCode;
  }

  // ---- authorize ----

  AuthorizeOutcome authorize(Map<String, String> params, Instant now) {
    if (!"code".equals(params.get("response_type"))) {
      return authorizeError("unsupported_response_type", "response_type must be code");
    }
    if (!options.clientId().equals(params.get("client_id"))) {
      return authorizeError("unauthorized_client", "unknown client_id");
    }
    String redirectUri = params.get("redirect_uri");
    if (!options.redirectUri().equals(redirectUri)) {
      return authorizeError("invalid_redirect_url",
          "redirect_uri does not match the one registered for this client");
    }
    String challenge = params.get("code_challenge");
    String method = params.getOrDefault("code_challenge_method", "plain");
    if (challenge != null && !method.equals("S256") && !method.equals("plain")) {
      return authorizeError("invalid_request", "code_challenge_method must be S256 or plain");
    }
    String hint = params.get("login_hint");
    String account = hint != null && accounts.contains(hint) ? hint : accounts.get(0);
    List<String> scopes = grantable(params.get("scope"));
    String code = "NA_" + mint.randomHex(24);
    codes.put(code, new AuthCode(account, redirectUri, scopes, challenge, method, now.plus(CODE_LIFETIME)));
    StringBuilder location = new StringBuilder(redirectUri)
        .append(redirectUri.contains("?") ? '&' : '?')
        .append("code=").append(encode(code));
    String state = params.get("state");
    if (state != null) {
      location.append("&state=").append(encode(state));
    }
    location.append("&issuer=").append(encode(issuer()));
    return new AuthorizeOutcome(location.toString(), null);
  }

  // ---- token ----

  /** The account a token request is about, when it can be told without performing it. */
  Optional<String> accountOf(Map<String, String> params) {
    String grantType = params.getOrDefault("grant_type", "");
    if (grantType.equals("authorization_code")) {
      AuthCode code = codes.get(params.getOrDefault("code", ""));
      return code == null ? Optional.empty() : Optional.of(code.account());
    }
    if (grantType.equals("refresh_token")) {
      Grant grant = grantsByRefreshToken.get(params.getOrDefault("refresh_token", ""));
      return grant == null ? Optional.empty() : Optional.of(grant.account);
    }
    return Optional.empty();
  }

  TokenOutcome token(Map<String, String> params, Instant now) {
    String grantType = params.get("grant_type");
    if (grantType == null) {
      return failure(400, "invalid_request", "grant_type is required");
    }
    return switch (grantType) {
      case "authorization_code" -> exchangeCode(params, now);
      case "refresh_token" -> refresh(params, now);
      case "client_credentials" -> partnerToken(params, now);
      default -> failure(400, "unsupported_grant_type", "grant_type " + grantType + " is not supported");
    };
  }

  private TokenOutcome exchangeCode(Map<String, String> params, Instant now) {
    TokenOutcome clientProblem = checkClient(params, true);
    if (clientProblem != null) {
      return clientProblem;
    }
    String codeValue = params.get("code");
    AuthCode code = codeValue == null ? null : codes.get(codeValue);
    if (code == null || !now.isBefore(code.expiresAt())) {
      if (code != null) {
        codes.remove(codeValue);
      }
      return failure(400, "invalid_auth_code", "The authorization code is invalid or expired.");
    }
    if (!code.redirectUri().equals(params.get("redirect_uri"))) {
      return failure(400, "invalid_redirect_url", "The authorize redirect URI and token redirect URI must match.");
    }
    if (code.challenge() != null && !pkceMatches(code, params.get("code_verifier"))) {
      return failure(400, "invalid_grant", "The code_verifier does not match the code_challenge.");
    }
    codes.remove(codeValue);
    Grant grant = issue(code.account(), code.scopes(), now);
    return new TokenOutcome(ApiReply.json(200, pairJson(grant, now)), "authorization_code", false);
  }

  private TokenOutcome refresh(Map<String, String> params, Instant now) {
    TokenOutcome clientProblem = checkClient(params, false);
    if (clientProblem != null) {
      return clientProblem;
    }
    String presented = params.get("refresh_token");
    if (presented == null || presented.isEmpty()) {
      return failure(400, "invalid_request", "refresh_token is required");
    }
    Grant grant = grantsByRefreshToken.get(presented);
    if (grant == null || !now.isBefore(grant.issuedAt.plus(REFRESH_LIFETIME))) {
      return loginRequired();
    }
    if (grant.firstUsedAt == null) {
      grant.firstUsedAt = now;
      Grant next = issue(grant.account, grant.scopes, now);
      grant.successor = next;
      if (!options.keepOldAccess()) {
        // A new refresh token renders the earlier access tokens invalid (vehicle-command#160, #187).
        validFromSequence.put(grant.account, accessSequence.get(jtiOf(next.accessToken)));
      }
      return new TokenOutcome(ApiReply.json(200, pairJson(next, now)), "refresh_token", false);
    }
    if (Duration.between(grant.firstUsedAt, now).compareTo(options.refreshGrace()) < 0) {
      Grant newest = grant;
      while (newest.successor != null) {
        newest = newest.successor;
      }
      return new TokenOutcome(ApiReply.json(200, pairJson(newest, now)), "refresh_token", false);
    }
    return loginRequired();
  }

  private TokenOutcome partnerToken(Map<String, String> params, Instant now) {
    TokenOutcome clientProblem = checkClient(params, true);
    if (clientProblem != null) {
      return clientProblem;
    }
    List<String> scopes = grantable(params.get("scope"));
    String access = accessToken("partner:" + options.clientId(), scopes, now);
    JsonObject body = new JsonObject()
        .put("access_token", access)
        .put("expires_in", options.tokenTtl().getSeconds())
        .put("token_type", "Bearer");
    return new TokenOutcome(ApiReply.json(200, body), "client_credentials", false);
  }

  // ---- API authentication ----

  Authentication authenticate(String authorization, Instant now) {
    if (authorization == null || authorization.isBlank()) {
      return reject(ApiReply.error(401, "missing_token", "Access token is required"));
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return reject(ApiReply.error(401, "invalid_token", "Authorization must be a Bearer token"));
    }
    Optional<JsonObject> verified = mint.verify(authorization.substring(7).trim());
    if (verified.isEmpty()) {
      return reject(ApiReply.error(401, "invalid_token", "Invalid access token"));
    }
    JsonObject claims = verified.get();
    Object exp = claims.getValue("exp");
    Object sub = claims.getValue("sub");
    Object jti = claims.getValue("jti");
    if (!(exp instanceof Number) || !(sub instanceof String) || !(jti instanceof String)) {
      return reject(ApiReply.error(401, "invalid_token", "Invalid access token"));
    }
    if (((Number) exp).longValue() <= now.getEpochSecond()) {
      return reject(ApiReply.json(401, new JsonObject().put("error", "token expired (401)")));
    }
    Long issued = accessSequence.get((String) jti);
    if (issued == null) {
      return reject(ApiReply.error(401, "invalid_token", "Invalid access token"));
    }
    String account = (String) sub;
    if (issued < validFromSequence.getOrDefault(account, 0L)) {
      return reject(ApiReply.error(401, "invalid_token", "The access token was revoked by a later refresh"));
    }
    List<String> scopes = new ArrayList<>();
    JsonArray scp = claims.getValue("scp") instanceof JsonArray array ? array : new JsonArray();
    scp.forEach(scope -> scopes.add(String.valueOf(scope)));
    return new Authentication(new Caller(accounts.contains(account) ? account : null, List.copyOf(scopes)), null);
  }

  // ---- internals ----

  private Grant issue(String account, List<String> scopes, Instant now) {
    String access = accessToken(account, scopes, now);
    // Tesla only gives a refresh token for offline_access and an id token for openid (FACTS.md).
    String refresh = scopes.contains("offline_access") ? "NA_" + mint.randomHex(32) : null;
    String id = scopes.contains("openid") ? mint.sign(new JsonObject()
        .put("iss", issuer())
        .put("sub", account)
        .put("aud", options.clientId())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(options.tokenTtl()).getEpochSecond())) : null;
    Grant grant = new Grant(account, scopes, now, refresh, access, id, now.plus(options.tokenTtl()));
    if (refresh != null) {
      grantsByRefreshToken.put(refresh, grant);
    }
    return grant;
  }

  private String accessToken(String subject, List<String> scopes, Instant now) {
    String jti = mint.randomHex(16);
    accessSequence.put(jti, ++sequence);
    return mint.sign(new JsonObject()
        .put("iss", issuer())
        .put("azp", options.clientId())
        .put("sub", subject)
        .put("aud", new JsonArray().add(baseUrl.get()))
        .put("scp", new JsonArray(new ArrayList<Object>(scopes)))
        .put("ou_code", ouCode.apply(accounts.contains(subject) ? subject : null))
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(options.tokenTtl()).getEpochSecond())
        .put("jti", jti));
  }

  private String jtiOf(String accessToken) {
    return mint.verify(accessToken).map(claims -> claims.getString("jti")).orElseThrow();
  }

  private JsonObject pairJson(Grant grant, Instant now) {
    JsonObject body = new JsonObject().put("access_token", grant.accessToken);
    if (grant.refreshToken != null) {
      body.put("refresh_token", grant.refreshToken);
    }
    if (grant.idToken != null) {
      body.put("id_token", grant.idToken);
    }
    return body
        .put("expires_in", Math.max(0, Duration.between(now, grant.accessExpiresAt).getSeconds()))
        .put("token_type", "Bearer");
  }

  private TokenOutcome checkClient(Map<String, String> params, boolean secretRequired) {
    if (!options.clientId().equals(params.get("client_id"))) {
      return failure(401, "unauthorized_client", "unknown client_id");
    }
    if (secretRequired && !constantTimeEquals(options.clientSecret(), params.get("client_secret"))) {
      return failure(401, "invalid_client", "client authentication failed");
    }
    return null;
  }

  private List<String> grantable(String requested) {
    if (requested == null || requested.isBlank()) {
      return options.grantedScopes();
    }
    List<String> scopes = new ArrayList<>();
    for (String scope : requested.trim().split("\\s+")) {
      if (options.grantedScopes().contains(scope) && !scopes.contains(scope)) {
        scopes.add(scope);
      }
    }
    return List.copyOf(scopes);
  }

  private static boolean pkceMatches(AuthCode code, String verifier) {
    if (verifier == null) {
      return false;
    }
    String expected = code.challengeMethod().equals("S256") ? s256(verifier) : verifier;
    return constantTimeEquals(code.challenge(), expected);
  }

  static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return given != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private String issuer() {
    return baseUrl.get() + "/oauth2/v3";
  }

  private static TokenOutcome loginRequired() {
    return new TokenOutcome(ApiReply.json(401, new JsonObject()
        .put("error", "login_required").put("error_description", "The refresh_token is invalid")), null, true);
  }

  private static TokenOutcome failure(int status, String error, String description) {
    return new TokenOutcome(ApiReply.json(status, new JsonObject()
        .put("error", error).put("error_description", description)), null, false);
  }

  private static AuthorizeOutcome authorizeError(String error, String description) {
    return new AuthorizeOutcome(null, ApiReply.json(400, new JsonObject()
        .put("error", error).put("error_description", description)));
  }

  private static Authentication reject(ApiReply reply) {
    return new Authentication(null, reply);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
