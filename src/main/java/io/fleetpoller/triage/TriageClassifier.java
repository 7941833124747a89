package io.fleetpoller.triage;

import static io.fleetpoller.triage.AutoAction.DROP_ENDPOINT_FOR_ACCOUNT;
import static io.fleetpoller.triage.AutoAction.HONOUR_RETRY_AFTER;
import static io.fleetpoller.triage.AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT;
import static io.fleetpoller.triage.AutoAction.NONE;
import static io.fleetpoller.triage.AutoAction.PAUSE_ACCOUNT;
import static io.fleetpoller.triage.AutoAction.PAUSE_APP;
import static io.fleetpoller.triage.AutoAction.PAUSE_REGION;
import static io.fleetpoller.triage.AutoAction.PAUSE_VEHICLE;
import static io.fleetpoller.triage.AutoAction.REFRESH_AND_RETRY_ONCE;
import static io.fleetpoller.triage.AutoAction.REREAD_STORE_AND_RETRY;
import static io.fleetpoller.triage.AutoAction.SWITCH_REGION_AND_RETRY;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a failed Fleet API or OAuth request: {@link FailureContext} in, {@link TriageEvent} out.
 * Pure: no I/O, no clock (the context carries the time). For any context it returns an event, never
 * null and never an exception: what no rule recognises is {@code unknown_403} for a 403 and
 * {@code unknown_401} for anything else.
 *
 * <p>Rules, first match wins, most specific first (each cites where Tesla's wording comes from):
 * <ol>
 *   <li>{@code rate_limited}: status 429
 *   <li>{@code state_mismatch}: our callback's own state check
 *   <li>{@code redirect_uri_mismatch}: {@code invalid_redirect_url}
 *   <li>{@code client_credentials_invalid}: {@code unauthorized_client} / {@code invalid_client}
 *   <li>{@code auth_code_invalid}: {@code invalid_auth_code}, or {@code invalid_grant} on a code exchange
 *   <li>{@code password_changed_suspected} / {@code refresh_token_invalid}: {@code login_required}
 *       (or {@code invalid_grant} on a refresh)
 *   <li>{@code consent_revoked}: "User revoked consent"
 *   <li>{@code wrong_region}: 421 / "user out of region"
 *   <li>{@code partner_not_registered}: 412 / "must be registered in the current region"
 *   <li>{@code account_locked}: 423
 *   <li>{@code payment_required}: {@code subscription_required}, {@code vehicle_subscription_required},
 *       {@code insufficient_credits}
 *   <li>{@code billing_limit}: {@code EXCEEDED_LIMIT} or any other 402
 *   <li>{@code mobile_access_disabled}
 *   <li>{@code unknown_user}
 *   <li>{@code key_not_paired}: "public key has not been paired with the vehicle"
 *   <li>{@code command_protocol_required}: "Tesla Vehicle Command Protocol required"
 *   <li>{@code unsupported_vehicle}
 *   <li>{@code missing_scope}: "Unauthorized missing scopes" / {@code invalid_scope}
 *   <li>{@code access_token_expired}: "token expired (401)"
 *   <li>{@code access_token_expired}: a 401 while the token's {@code exp} has passed
 *   <li>{@code audience_mismatch}: a 401/403 while the token's {@code aud} lacks the base URL in use
 *   <li>{@code access_token_invalid}: {@code invalid_token}, "Invalid access token", "invalid bearer
 *       token", {@code missing_token}, a token revoked by a newer refresh
 *   <li>{@code access_token_expired}: a 401 with an empty body
 *   <li>{@code unknown_403} / {@code unknown_401}
 * </ol>
 * Body rules come before the claim rules (20, 21) because Tesla's own words are the better
 * evidence; the access-token rules (19-23) apply only to Fleet API calls, never to the OAuth steps,
 * where an "expired" or a 401 is about a code or a refresh token.
 */
public final class TriageClassifier {

  /** A {@code login_required} this soon after a good refresh suggests a password reset (issue 6). */
  public static final Duration DEFAULT_PASSWORD_CHANGE_WINDOW = Duration.ofHours(1);

  /** Tesla's text is quoted in events; a body can be long, an event line should not be. */
  private static final int MAX_QUOTED_CHARS = 200;

  /** 421: "user out of region, use base URL: https://..., see ..." (FACTS.md, "Regions"; sample 421_wrong_region). */
  private static final Pattern USE_BASE_URL = Pattern.compile("(?i)use base url:?\\s*(https?://[^\\s,;\"'<>]+)");
  /** 412: "... must be registered in the current region https://..., please see ..." (sample 412_not_registered). */
  private static final Pattern REGISTERED_IN = Pattern.compile(
      "(?i)registered in the current region:?\\s*(https?://[^\\s,;\"'<>]+)");
  /** Any Fleet API base URL, when Tesla words it differently. */
  private static final Pattern FLEET_API_URL = Pattern.compile("(?i)https?://fleet-api\\.[^\\s,;\"'<>]+");
  /** 429 body: "Retry in 37 seconds" (sample 429_rate_limited). */
  private static final Pattern RETRY_IN = Pattern.compile("(?i)retry in (\\d{1,9}) seconds?");

  private static final String VEHICLE_DEVICE_DATA = "vehicle_device_data";
  private static final String VEHICLE_LOCATION = "vehicle_location";
  private static final String VEHICLE_CMDS = "vehicle_cmds";
  private static final String VEHICLE_CHARGING_CMDS = "vehicle_charging_cmds";

  private final Duration passwordChangeWindow;

  public TriageClassifier() {
    this(DEFAULT_PASSWORD_CHANGE_WINDOW);
  }

  /** @param passwordChangeWindow how soon after a good refresh a {@code login_required} is suspicious */
  public TriageClassifier(Duration passwordChangeWindow) {
    Objects.requireNonNull(passwordChangeWindow, "passwordChangeWindow");
    if (passwordChangeWindow.isNegative()) {
      throw new IllegalArgumentException("passwordChangeWindow must not be negative: " + passwordChangeWindow);
    }
    this.passwordChangeWindow = passwordChangeWindow;
  }

  /** The event for this failure; never null, never throws for a non-null context. */
  public TriageEvent classify(FailureContext context) {
    Objects.requireNonNull(context, "context");
    try {
      return classifyByRules(context);
    } catch (RuntimeException e) {
      // A rule tripping over an odd context must not lose the failure: report it unexplained.
      return unknown(context);
    }
  }

  private TriageEvent classifyByRules(FailureContext c) {
    String error = lower(c.error());
    String text = error + " " + lower(c.errorDescription());
    String original = c.error() + " " + c.errorDescription();
    RequestKind kind = c.kind();

    // 1. 429 (FACTS.md, "Status codes" and "Money and limits"; sample 429_rate_limited): the wait
    // comes from Retry-After, else from Tesla's "Retry in N seconds". Tesla calls a 429 "faulty
    // application logic", so it is checked before anything else and always honoured.
    if (c.status() == 429) {
      return rateLimited(c, text);
    }
    // 2. Our own callback check (ConsentException STATE_*): the state is missing, unknown, expired
    // or replayed. Not a Tesla answer, so nothing else can match it.
    if (kind == RequestKind.AUTHORIZE_CALLBACK
        && (error.startsWith("state") || text.contains("state mismatch") || text.contains("state_mismatch"))) {
      return stateMismatch(c);
    }
    // 3. 400 invalid_redirect_url at authorize or code exchange (FACTS.md, "OAuth": the redirect
    // URI must equal the authorize one exactly; sample 400_invalid_redirect).
    if (error.equals("invalid_redirect_url") || error.equals("redirect_uri_mismatch")) {
      return redirectUriMismatch(c);
    }
    // 4. unauthorized_client (Teslemetry's exceptions list, FACTS.md "Status codes"); the simulator
    // answers 401 unauthorized_client / invalid_client to a wrong client id or secret.
    if (error.equals("unauthorized_client") || error.equals("invalid_client")) {
      return clientCredentialsInvalid(c);
    }
    // 5. 400 invalid_auth_code: "usually means the code expired" (FACTS.md, "OAuth"; sample
    // 400_invalid_auth_code); OAuth's invalid_grant on an exchange is the same (or a PKCE mismatch).
    if (error.equals("invalid_auth_code") || (kind == RequestKind.CODE_EXCHANGE && error.equals("invalid_grant"))) {
      return authCodeInvalid(c);
    }
    // 6. 401 login_required: the refresh token was cycled out, expired or the password was reset
    // (FACTS.md, "OAuth"; samples 401_login_required, 401_login_required_short).
    if (error.equals("login_required") || (kind == RequestKind.REFRESH && error.equals("invalid_grant"))) {
      return loginRequired(c);
    }
    // 7. 401 "User revoked consent" (FACTS.md, "OAuth": vehicle-command#139).
    if (text.contains("revoked consent") || text.contains("consent revoked") || text.contains("consent_revoked")) {
      return consentRevoked(c);
    }
    // 8. 421 "user out of region, use base URL: ..." (FACTS.md, "Regions"; sample 421_wrong_region).
    if (c.status() == 421 || text.contains("out of region")) {
      return wrongRegion(c, original);
    }
    // 9. 412 "Account ... must be registered in the current region ..." (FACTS.md, "Regions";
    // evcc#19355, vehicle-command#195; sample 412_not_registered).
    if (c.status() == 412 || text.contains("must be registered in the current region")) {
      return partnerNotRegistered(c, original);
    }
    // 10. 423 account locked (FACTS.md, "Status codes").
    if (c.status() == 423 || text.contains("account locked") || text.contains("account_locked")) {
      return accountLocked(c);
    }
    // 11. 402 subscription_required / vehicle_subscription_required / insufficient_credits
    // (Teslemetry's exceptions list, FACTS.md "Status codes"). Before rule 12, which takes any 402.
    if (text.contains("subscription_required") || text.contains("insufficient_credits")) {
      return paymentRequired(c, text);
    }
    // 12. 403 "account disabled: EXCEEDED_LIMIT" (FACTS.md, "Money and limits"; sample
    // 403_billing_limit), and any other 402 "payment required" (FACTS.md, "Status codes").
    if (text.contains("exceeded_limit") || c.status() == 402) {
      return billingLimit(c);
    }
    // 13. 401 mobile_access_disabled (FACTS.md, "Status codes"; sample 401_mobile_access_disabled).
    if (text.contains("mobile_access_disabled") || text.contains("mobile access disabled")
        || text.contains("mobile access is disabled")) {
      return mobileAccessDisabled(c);
    }
    // 14. 401 "unknown user": the owner never logged into the app (FACTS.md, "Status codes"; sample 401_unknown_user).
    if (text.contains("unknown user") || text.contains("unknown_user")) {
      return unknownUser(c);
    }
    // 15. "vehicle rejected request: your public key has not been paired with the vehicle"
    // (teslamotors/vehicle-command proxy, seen in alandtse/tesla#1007, where it came as a 500).
    if (text.contains("not been paired") || text.contains("not paired") || text.contains("key_not_paired")) {
      return keyNotPaired(c);
    }
    // 16. 403 "Tesla Vehicle Command Protocol required, please refer to ..." (vehicle-command#252,
    // #76, which also shows the reason "unsigned_cmds_hardlocked"; FACTS.md, "Status codes").
    if (text.contains("vehicle command protocol required") || text.contains("unsigned_cmds_hardlocked")) {
      return commandProtocolRequired(c);
    }
    // 17. 403 "unsupported vehicle" (FACTS.md, "Status codes"; sample 403_unsupported_vehicle).
    if (text.contains("unsupported vehicle") || text.contains("unsupported_vehicle")) {
      return unsupportedVehicle(c);
    }
    // 18. 403 "Unauthorized missing scopes" (sample 403_missing_scopes) or invalid_scope /
    // insufficient_scope; the scope is found from the token's scp (FACTS.md, "Access-token JWT claims").
    if (text.contains("missing scope") || error.equals("invalid_scope") || error.equals("insufficient_scope")) {
      return missingScope(c);
    }
    if (kind.usesAccessToken()) {
      // 19. 401 "token expired (401)" (FACTS.md, "Status codes"; sample 401_access_expired).
      if (text.contains("token expired") || text.contains("token_expired") || text.contains("expired_token")) {
        return accessTokenExpired(c, "Tesla refused the access token" + forWhom(c) + " as expired");
      }
      // 20. A 401 while the token's exp has passed: whatever the body says, refreshing fixes it.
      Optional<Instant> expiresAt = c.claims().flatMap(AccessTokenClaims::expiresAt);
      if (c.status() == 401 && expiresAt.isPresent() && !expiresAt.get().isAfter(c.at())) {
        return accessTokenExpired(c, "The access token" + forWhom(c) + " expired at " + expiresAt.get());
      }
      // 21. The token's aud lists the Fleet API base URLs it is valid for (FACTS.md, "Access-token
      // JWT claims"); a call to another one cannot succeed, whatever a refresh does.
      if ((c.status() == 401 || c.status() == 403) && audienceLacksBaseUrl(c)) {
        return audienceMismatch(c);
      }
      // 22. invalid_token / "Invalid access token" / "invalid bearer token" / missing_token /
      // "Access token is required" (Teslemetry's exceptions list, FACTS.md "Status codes"), and an
      // access token revoked by a newer refresh (vehicle-command#160, #187).
      if (error.equals("invalid_token") || error.equals("missing_token") || text.contains("invalid access token")
          || text.contains("invalid bearer token") || text.contains("access token is required")
          || text.contains("revoked")) {
        return accessTokenInvalid(c, error);
      }
      // 23. A 401 with an empty body: how Tesla often answers an expired access token (FACTS.md,
      // "Status codes": "token expired (401), sometimes empty body").
      if (c.status() == 401 && error.isBlank() && c.errorDescription().isBlank()) {
        return accessTokenExpired(c, "Tesla answered 401 with an empty body" + forWhom(c)
            + ", which is how it often reports an expired access token");
      }
    }
    // 24. Nothing matched.
    return unknown(c);
  }

  // ---- one method per reason: cause and action are each one plain sentence

  private TriageEvent rateLimited(FailureContext c, String text) {
    Optional<Duration> wait = c.retryAfter().or(() -> retryInBody(text));
    Map<String, String> details = new LinkedHashMap<>();
    wait.ifPresent(w -> details.put("retry_after_seconds", Long.toString(w.toSeconds())));
    String waits = wait.map(w -> "waits " + w.toSeconds() + " s as Tesla asked").orElse("backs off");
    return event(c, TriageReason.RATE_LIMITED, HONOUR_RETRY_AFTER,
        "Tesla rate-limited " + c.kind().wireName() + " calls" + forWhom(c) + ".",
        "Nothing to do now: the daemon " + waits + " before the next such call; if this repeats, lengthen"
            + " polling.intervals or lower polling.rateLimit.dataPerMinutePerVehicle.",
        details);
  }

  private TriageEvent stateMismatch(FailureContext c) {
    return event(c, TriageReason.STATE_MISMATCH, NONE,
        "The login callback's state (" + quote(c.error()) + ") does not match a login this daemon started,"
            + " so it was refused as a possible forgery or replay.",
        "Start the login again from " + loginPath(c) + " and finish it in the same browser within 10 minutes,"
            + " without reloading or bookmarking the callback page.",
        new LinkedHashMap<>());
  }

  private TriageEvent redirectUriMismatch(FailureContext c) {
    Map<String, String> details = new LinkedHashMap<>();
    if (c.redirectUri() != null) {
      details.put("redirect_uri", c.redirectUri());
    }
    String uri = c.redirectUri() == null ? "the redirect URI" : "the redirect URI " + c.redirectUri();
    return event(c, TriageReason.REDIRECT_URI_MISMATCH, NONE,
        "Tesla refused " + uri + " because it is not the one used at authorize or registered for the app.",
        "Make tesla.redirectUri exactly equal (scheme, host, port, path, trailing slash) to an allowed"
            + " redirect URI of your app on developer.tesla.com, then log in again at " + loginPath(c) + ".",
        details);
  }

  private TriageEvent clientCredentialsInvalid(FailureContext c) {
    return event(c, TriageReason.CLIENT_CREDENTIALS_INVALID, NONE,
        "Tesla's token endpoint refused the app's client id or secret (" + quote(c.error()) + ") on "
            + article(c.kind()) + ".",
        "Check tesla.clientId and tesla.clientSecret (env TESLA_CLIENT_ID, TESLA_CLIENT_SECRET) against your"
            + " app on developer.tesla.com, and that tesla.tokenUrl is Tesla's fleet-auth token endpoint.",
        new LinkedHashMap<>());
  }

  private TriageEvent authCodeInvalid(FailureContext c) {
    return event(c, TriageReason.AUTH_CODE_INVALID, NONE,
        "Tesla refused the authorization code" + forWhom(c) + " (" + quote(c.error())
            + "); codes are single-use, expire within minutes and must come with the login's PKCE verifier.",
        "Log in again at " + loginPath(c) + " and let the callback finish at once, without reloading or"
            + " reusing the callback URL.",
        new LinkedHashMap<>());
  }

  private TriageEvent loginRequired(FailureContext c) {
    Map<String, String> details = reconsent(c);
    Optional<Instant> lastGood = c.lastGoodRefresh()
        .filter(at -> !at.isBefore(c.at().minus(passwordChangeWindow)));
    if (lastGood.isPresent()) {
      details.put("last_good_refresh_at", lastGood.get().toString());
      long minutes = Math.max(0, Duration.between(lastGood.get(), c.at()).toMinutes());
      return event(c, TriageReason.PASSWORD_CHANGED_SUSPECTED, NEEDS_CONSENT_PAUSE_ACCOUNT,
          "Tesla refused the refresh token" + forWhom(c) + " (" + quote(c.error()) + ") only " + minutes
              + " min after a good refresh, which suggests the owner changed the password or another app"
              + " uses the same token.",
          "Ask the owner whether the Tesla password was changed and make sure no other app shares this"
              + " account's token, then have the owner consent again at " + loginPath(c)
              + "; polling of this account is paused until then.",
          details);
    }
    return event(c, TriageReason.REFRESH_TOKEN_INVALID, NEEDS_CONSENT_PAUSE_ACCOUNT,
        "Tesla refused the refresh token" + forWhom(c) + " (" + quote(c.error())
            + ") because it was already used, is older than 3 months, or the owner reset the password.",
        "Have the owner consent again at " + loginPath(c) + "; polling of this account is paused until then.",
        details);
  }

  private TriageEvent consentRevoked(FailureContext c) {
    return event(c, TriageReason.CONSENT_REVOKED, NEEDS_CONSENT_PAUSE_ACCOUNT,
        "Tesla says the owner" + ofAccount(c) + " revoked this app's access (" + quote(c.error()) + ").",
        "Ask the owner to consent again at " + loginPath(c) + ", and if this returns every 8 hours check that"
            + " the account's region matches the base URL in use (vehicle-command#139).",
        reconsent(c));
  }

  private TriageEvent wrongRegion(FailureContext c, String original) {
    Map<String, String> details = new LinkedHashMap<>();
    Optional<String> target = firstUrl(USE_BASE_URL, original).or(() -> firstUrl(FLEET_API_URL, original));
    target.ifPresent(url -> details.put("base_url", url));
    if (c.baseUrl() != null) {
      details.put("base_url_in_use", c.baseUrl());
    }
    String inUse = c.baseUrl() == null ? "the base URL in use" : c.baseUrl();
    if (target.isPresent()) {
      return event(c, TriageReason.WRONG_REGION, SWITCH_REGION_AND_RETRY,
          "Tesla serves" + ofAccountOrUser(c) + " from " + target.get() + ", not from " + inUse + ".",
          "Nothing to do: the daemon switches this account to " + target.get() + " and retries once; set"
              + " tesla.apiBaseUrl to it if all your accounts live in that region.",
          details);
    }
    return event(c, TriageReason.WRONG_REGION, SWITCH_REGION_AND_RETRY,
        "Tesla does not serve" + ofAccountOrUser(c) + " from " + inUse + " and named no other base URL.",
        "Nothing to do: the daemon asks /api/1/users/region for the right base URL and retries once; set"
            + " tesla.apiBaseUrl to it if all your accounts live in that region.",
        details);
  }

  private TriageEvent partnerNotRegistered(FailureContext c, String original) {
    Map<String, String> details = new LinkedHashMap<>();
    Optional<String> region = firstUrl(REGISTERED_IN, original).or(() -> Optional.ofNullable(c.baseUrl()));
    region.ifPresent(url -> details.put("base_url", url));
    String where = region.orElse("the base URL in use");
    return event(c, TriageReason.PARTNER_NOT_REGISTERED, PAUSE_REGION,
        "The app is not registered with Tesla in the region of " + where + ", so Tesla refuses every call there.",
        "Register the app in that region with a partner token and POST /api/1/partner_accounts {\"domain\": ...}"
            + " to " + where + ", with the public key hosted at https://<domain>/.well-known/appspecific/"
            + "com.tesla.3p.public-key.pem; calls to that region are paused until then.",
        details);
  }

  private TriageEvent accountLocked(FailureContext c) {
    return event(c, TriageReason.ACCOUNT_LOCKED, PAUSE_ACCOUNT,
        "Tesla reports " + (c.account() == null ? "the account" : "account " + c.account()) + " as locked (" + statusText(c) + "), so it refuses"
            + " every call for it.",
        "Ask the owner to sign in at tesla.com to unlock the account or contact Tesla support; the daemon"
            + " pauses this account meanwhile.",
        new LinkedHashMap<>());
  }

  private TriageEvent paymentRequired(FailureContext c, String text) {
    boolean vehicleOnly = text.contains("vehicle_subscription_required") && c.vehicle() != null;
    String what = vehicleOnly ? "vehicle " + c.vehicle() : (c.account() == null ? "the app" : "account " + c.account());
    return event(c, TriageReason.PAYMENT_REQUIRED, vehicleOnly ? PAUSE_VEHICLE : PAUSE_ACCOUNT,
        "Tesla requires a payment or subscription before it answers for " + what + " (" + quote(c.error()) + ").",
        "Check the billing and credits of your app on developer.tesla.com"
            + (vehicleOnly ? " and the vehicle's connectivity subscription" : "")
            + "; the daemon pauses " + (vehicleOnly ? "this vehicle" : "this account") + " meanwhile.",
        new LinkedHashMap<>());
  }

  private TriageEvent billingLimit(FailureContext c) {
    return event(c, TriageReason.BILLING_LIMIT, PAUSE_APP,
        "Tesla disabled the app because its Fleet API spend reached the billing limit ("
            + (c.error().isBlank() ? statusText(c) : quote(c.error())) + ").",
        "Raise the billing limit or add a payment method on developer.tesla.com; the daemon pauses all paid"
            + " calls until then.",
        new LinkedHashMap<>());
  }

  private TriageEvent mobileAccessDisabled(FailureContext c) {
    String car = c.vehicle() == null ? "a vehicle" + ofAccount(c) : "vehicle " + c.vehicle();
    return event(c, TriageReason.MOBILE_ACCESS_DISABLED, c.vehicle() == null ? PAUSE_ACCOUNT : PAUSE_VEHICLE,
        "Mobile access is turned off in " + car + ", so Tesla refuses remote access to it.",
        "Ask the owner to turn on Allow Mobile Access in the car's Safety settings; the daemon pauses "
            + (c.vehicle() == null ? "this account" : "this vehicle") + " meanwhile.",
        new LinkedHashMap<>());
  }

  private TriageEvent unknownUser(FailureContext c) {
    return event(c, TriageReason.UNKNOWN_USER, PAUSE_ACCOUNT,
        "Tesla does not know the user" + ofAccount(c) + " (" + quote(c.error())
            + "), which happens when the owner has never signed in to the Tesla app.",
        "Ask the owner to sign in once to the Tesla mobile app with this Tesla account; the daemon pauses this"
            + " account meanwhile.",
        new LinkedHashMap<>());
  }

  private TriageEvent keyNotPaired(FailureContext c) {
    return event(c, TriageReason.KEY_NOT_PAIRED, NONE,
        theVehicle(c) + " rejected the command because this app's public key is not paired with it.",
        "Have the owner add the app's virtual key in the car (open https://tesla.com/_ak/<your domain> on the"
            + " phone near the car); data polling is not affected.",
        new LinkedHashMap<>());
  }

  private TriageEvent commandProtocolRequired(FailureContext c) {
    return event(c, TriageReason.COMMAND_PROTOCOL_REQUIRED, NONE,
        theVehicle(c) + " accepts only signed commands (Tesla Vehicle Command Protocol) and this one was unsigned.",
        "Send commands through Tesla's vehicle-command proxy (tesla-http-proxy) with the app's private key;"
            + " data polling is not affected.",
        new LinkedHashMap<>());
  }

  private TriageEvent unsupportedVehicle(FailureContext c) {
    return event(c, TriageReason.UNSUPPORTED_VEHICLE, c.vehicle() == null ? NONE : PAUSE_VEHICLE,
        "Tesla says " + (c.vehicle() == null ? "the vehicle" : "vehicle " + c.vehicle())
            + " is not supported by the Fleet API for " + article(c.kind()) + ".",
        "Stop polling this vehicle, or ask Tesla Fleet API support whether it can be used"
            + (c.vehicle() == null ? "." : "; the daemon pauses it meanwhile."),
        new LinkedHashMap<>());
  }

  private TriageEvent missingScope(FailureContext c) {
    Optional<String> scope = missingScopeName(c);
    String endpoint = endpointNeeding(c, scope);
    Map<String, String> details = reconsent(c);
    scope.ifPresent(s -> details.put("scope", s));
    details.put("endpoint", endpoint);
    boolean section = !endpoint.equals(c.kind().wireName());
    String needs = section ? endpoint : "the " + endpoint + " call";
    // As RefusalRemedy acts: a section is dropped for the account; a refused call about one car
    // stops for that car (the account's other cars stop at their own first refusal); else the account.
    String stops = "; the daemon stops " + (section ? "asking for " + endpoint + " for this account"
        : "making " + endpoint + " calls for this " + (c.vehicle() != null ? "vehicle" : "account")) + " meanwhile.";
    if (scope.isEmpty() && c.claims().isPresent()) {
      return event(c, TriageReason.MISSING_SCOPE, DROP_ENDPOINT_FOR_ACCOUNT,
          "Tesla refused " + needs + forWhom(c) + " for a missing scope, although the token's scopes ("
              + String.join(" ", c.claims().get().scopes()) + ") include what it needs: the owner's grant"
              + " has likely changed since the token was issued.",
          "Have the owner consent again at " + loginPath(c) + " to renew the grant" + stops,
          details);
    }
    if (scope.isEmpty()) {
      return event(c, TriageReason.MISSING_SCOPE, DROP_ENDPOINT_FOR_ACCOUNT,
          "The token" + forWhom(c) + " lacks a scope that " + needs + " needs, and its claims do not say which.",
          "Compare tesla.scopes with what the owner granted and have the owner consent again at " + loginPath(c)
              + stops,
          details);
    }
    String s = scope.get();
    String fix;
    if (c.configuredScopes().isEmpty()) {
      fix = "Make sure tesla.scopes includes " + s + " and have the owner consent again at " + loginPath(c);
    } else if (c.configuredScopes().contains(s)) {
      fix = "Have the owner consent again at " + loginPath(c) + " and grant " + s
          + " (tesla.scopes asks for it but the token lacks it)";
    } else {
      fix = "Add " + s + " to tesla.scopes and have the owner consent again at " + loginPath(c)
          + ", or stop asking for " + (section ? endpoint : "it");
    }
    return event(c, TriageReason.MISSING_SCOPE, DROP_ENDPOINT_FOR_ACCOUNT,
        "The token" + forWhom(c) + " lacks the " + s + " scope, which " + needs + " needs.",
        fix + stops,
        details);
  }

  private TriageEvent accessTokenExpired(FailureContext c, String cause) {
    Map<String, String> details = new LinkedHashMap<>();
    c.claims().flatMap(AccessTokenClaims::expiresAt).ifPresent(exp -> details.put("expired_at", exp.toString()));
    return event(c, TriageReason.ACCESS_TOKEN_EXPIRED, REFRESH_AND_RETRY_ONCE, cause + ".",
        "Nothing to do: the daemon refreshes the token once and retries; if this repeats, check the host's clock"
            + " and tokens.refreshAhead.",
        details);
  }

  private TriageEvent audienceMismatch(FailureContext c) {
    Map<String, String> details = reconsent(c);
    details.put("base_url", c.baseUrl());
    details.put("token_audiences", String.join(" ", c.claims().map(AccessTokenClaims::audiences).orElse(List.of())));
    return event(c, TriageReason.AUDIENCE_MISMATCH, PAUSE_ACCOUNT,
        "The access token" + forWhom(c) + " is valid for " + details.get("token_audiences")
            + " but the call went to " + c.baseUrl() + ".",
        "Set the base URL to the account's region (tesla.apiBaseUrl) or have the owner consent again at "
            + loginPath(c) + " so the token is issued for " + c.baseUrl() + "; the daemon pauses this account"
            + " meanwhile.",
        details);
  }

  private TriageEvent accessTokenInvalid(FailureContext c, String error) {
    String cause = error.equals("missing_token") || lower(c.errorDescription()).contains("access token is required")
        ? "The call" + forWhom(c) + " reached Tesla without an access token (" + quote(c.error()) + ")."
        : "Tesla refused the access token" + forWhom(c) + " as invalid (" + quote(c.error())
            + "), most often because a newer refresh elsewhere revoked it.";
    return event(c, TriageReason.ACCESS_TOKEN_INVALID, REREAD_STORE_AND_RETRY, cause,
        "Nothing to do: the daemon re-reads the token store and retries once; if this repeats, make sure no"
            + " other app or instance refreshes this account's token.",
        new LinkedHashMap<>());
  }

  private TriageEvent unknown(FailureContext c) {
    boolean forbidden = c.status() == 403;
    String said = c.error().isBlank() ? "no error text" : "error \"" + quote(c.error()) + "\"";
    String txid = c.txid() == null ? "" : " and quote txid " + c.txid();
    return event(c, forbidden ? TriageReason.UNKNOWN_403 : TriageReason.UNKNOWN_401, NONE,
        "The " + c.kind().wireName() + " call" + forWhom(c) + " failed with " + statusText(c) + " and " + said
            + ", which matches no known cause.",
        (forbidden
            ? "Check the token's scopes, the account's region and the app's registration on developer.tesla.com"
            : "Check the account's token and consent, and consent again at " + loginPath(c) + " if it keeps failing")
            + (txid.isEmpty() ? "." : txid + " if you contact Tesla Fleet API support."),
        new LinkedHashMap<>());
  }

  // ---- scopes

  /**
   * Which scope the failed call lacked: one the call needs and the token's {@code scp} lacks; else
   * one it needs that {@code tesla.scopes} does not ask for; else the likeliest one (location data
   * when it was asked for, since {@code vehicle_location} is the scope most often left out).
   */
  private static Optional<String> missingScopeName(FailureContext c) {
    List<String> needed = neededScopes(c);
    Optional<List<String>> granted = c.claims().map(AccessTokenClaims::scopes);
    if (granted.isPresent()) {
      Optional<String> lacking = firstNotIn(needed, granted.get());
      if (lacking.isPresent()) {
        return lacking;
      }
      if (needed.isEmpty()) {
        // A call whose scope we do not know (e.g. users/region): what was asked for but not granted.
        List<String> asked = new ArrayList<>(c.configuredScopes());
        asked.removeAll(List.of("openid", "offline_access"));
        return firstNotIn(asked, granted.get());
      }
      // The token's own claims grant every scope the call needs: naming one would contradict
      // them (the grant was likely changed after the token was issued).
      return Optional.empty();
    }
    if (!c.configuredScopes().isEmpty()) {
      Optional<String> notAsked = firstNotIn(needed, c.configuredScopes());
      if (notAsked.isPresent()) {
        return notAsked;
      }
    }
    if (c.kind() == RequestKind.VEHICLE_DATA && c.endpoints().contains(VehicleDataEndpoint.LOCATION_DATA)) {
      return Optional.of(VEHICLE_LOCATION);
    }
    return needed.stream().findFirst();
  }

  /**
   * The scopes a call needs, the broadest first (FACTS.md, "Scopes": a poller needs
   * {@code vehicle_device_data}, {@code location_data} also needs {@code vehicle_location};
   * commands need {@code vehicle_cmds} or, for charging, {@code vehicle_charging_cmds}). Empty when
   * FACTS.md does not say (users/region).
   */
  private static List<String> neededScopes(FailureContext c) {
    switch (c.kind()) {
      case VEHICLE_DATA:
        return c.endpoints().contains(VehicleDataEndpoint.LOCATION_DATA)
            ? List.of(VEHICLE_DEVICE_DATA, VEHICLE_LOCATION)
            : List.of(VEHICLE_DEVICE_DATA);
      case LIST:
      case VEHICLE:
      case WAKE_UP:
        return List.of(VEHICLE_DEVICE_DATA);
      case COMMAND:
        return List.of(VEHICLE_CMDS, VEHICLE_CHARGING_CMDS);
      default:
        return List.of();
    }
  }

  /** What to stop asking for: {@code location_data} for a missing {@code vehicle_location}, else the call's kind. */
  private static String endpointNeeding(FailureContext c, Optional<String> scope) {
    if (c.kind() == RequestKind.VEHICLE_DATA && scope.filter(VEHICLE_LOCATION::equals).isPresent()) {
      return VehicleDataEndpoint.LOCATION_DATA.wireName();
    }
    return c.kind().wireName();
  }

  private static Optional<String> firstNotIn(List<String> wanted, List<String> have) {
    return wanted.stream().filter(s -> !have.contains(s)).findFirst();
  }

  private static boolean audienceLacksBaseUrl(FailureContext c) {
    if (c.baseUrl() == null || c.baseUrl().isBlank() || c.claims().isEmpty()) {
      return false;
    }
    List<String> audiences = c.claims().get().audiences();
    if (audiences.isEmpty()) {
      return false;
    }
    String inUse = normalizeUrl(c.baseUrl());
    return audiences.stream().map(TriageClassifier::normalizeUrl).noneMatch(inUse::equals);
  }

  private static String normalizeUrl(String url) {
    String out = url.trim().toLowerCase(Locale.ROOT);
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  // ---- text

  private static Optional<Duration> retryInBody(String text) {
    Matcher m = RETRY_IN.matcher(text);
    return m.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : Optional.empty();
  }

  private static Optional<String> firstUrl(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    String url = m.group(m.groupCount() >= 1 ? 1 : 0);
    // The sentence goes on after the URL ("..., see ..."): drop trailing punctuation and slashes.
    while (!url.isEmpty() && ".,;:)/".indexOf(url.charAt(url.length() - 1)) >= 0) {
      url = url.substring(0, url.length() - 1);
    }
    return url.isEmpty() ? Optional.empty() : Optional.of(url);
  }

  /** Tesla's text, shortened for an event line. */
  private static String quote(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() <= MAX_QUOTED_CHARS ? t : t.substring(0, MAX_QUOTED_CHARS) + "...";
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  private static String statusText(FailureContext c) {
    return c.status() == 0 ? "no HTTP status" : "HTTP " + c.status();
  }

  private static String article(RequestKind kind) {
    return "a " + kind.wireName() + " request";
  }

  private static String forWhom(FailureContext c) {
    StringBuilder out = new StringBuilder();
    if (c.account() != null) {
      out.append(" for account ").append(c.account());
    }
    if (c.vehicle() != null) {
      out.append(c.account() != null ? ", vehicle " : " for vehicle ").append(c.vehicle());
    }
    return out.toString();
  }

  private static String ofAccount(FailureContext c) {
    return c.account() == null ? "" : " of account " + c.account();
  }

  private static String ofAccountOrUser(FailureContext c) {
    return c.account() == null ? " this user" : " account " + c.account();
  }

  private static String theVehicle(FailureContext c) {
    return c.vehicle() == null ? "The vehicle" : "Vehicle " + c.vehicle();
  }

  private static String loginPath(FailureContext c) {
    return "/auth/login?account="
        + (c.account() == null ? "<account>" : URLEncoder.encode(c.account(), StandardCharsets.UTF_8));
  }

  /** {@code reconsent_path} for reasons a new consent fixes; absent when the account is unknown. */
  private static Map<String, String> reconsent(FailureContext c) {
    Map<String, String> details = new LinkedHashMap<>();
    if (c.account() != null) {
      details.put("reconsent_path", loginPath(c));
    }
    return details;
  }

  private static TriageEvent event(FailureContext c, TriageReason reason, AutoAction autoAction, String cause,
      String action, Map<String, String> details) {
    if (!c.error().isBlank()) {
      // For the callback state check, error is our own check's name; elsewhere Tesla's text.
      details.put("error", quote(c.error()));
    }
    if (!c.errorDescription().isBlank()) {
      details.put("error_description", quote(c.errorDescription()));
    }
    return new TriageEvent(reason, reason.severity(), cause, action, autoAction, c.account(), c.vehicle(),
        c.status(), c.txid(), c.at(), details);
  }
}
