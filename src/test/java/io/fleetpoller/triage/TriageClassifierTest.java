package io.fleetpoller.triage;

import static io.fleetpoller.triage.TriageFixtures.ACCOUNT;
import static io.fleetpoller.triage.TriageFixtures.AT;
import static io.fleetpoller.triage.TriageFixtures.EU;
import static io.fleetpoller.triage.TriageFixtures.NA;
import static io.fleetpoller.triage.TriageFixtures.REDIRECT;
import static io.fleetpoller.triage.TriageFixtures.VIN;
import static io.fleetpoller.triage.TriageFixtures.answer;
import static io.fleetpoller.triage.TriageFixtures.claims;
import static io.fleetpoller.triage.TriageFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriageClassifierTest {

  private final TriageClassifier classifier = new TriageClassifier();

  private static final Set<VehicleDataEndpoint> WITH_LOCATION =
      EnumSet.of(VehicleDataEndpoint.CHARGE_STATE, VehicleDataEndpoint.DRIVE_STATE, VehicleDataEndpoint.LOCATION_DATA);
  private static final List<String> GRANTED_NO_LOCATION = List.of("openid", "offline_access", "vehicle_device_data");

  private static Arguments row(String name, FailureContext context, TriageReason reason, AutoAction autoAction) {
    return Arguments.of(Named.of(name, context), reason, autoAction);
  }

  /**
   * One row per reason (and per wording where Tesla has several). Bodies from errors.json are used
   * verbatim through {@code sample(...)}; the others cite where their wording comes from.
   */
  static Stream<Arguments> failures() {
    return Stream.of(
        // access_token_expired
        row("401 token expired (401) [sample 401_access_expired]",
            sample("401_access_expired", RequestKind.VEHICLE_DATA),
            TriageReason.ACCESS_TOKEN_EXPIRED, AutoAction.REFRESH_AND_RETRY_ONCE),
        row("401 empty body on list (FACTS.md: sometimes empty body)",
            answer(RequestKind.LIST, 401, null, null),
            TriageReason.ACCESS_TOKEN_EXPIRED, AutoAction.REFRESH_AND_RETRY_ONCE),
        row("401 invalid_token while the claims' exp has passed",
            answer(RequestKind.VEHICLE, 401, "invalid_token", "Invalid access token")
                .withClaims(claims(GRANTED_NO_LOCATION, AT.minusSeconds(60), List.of(NA))),
            TriageReason.ACCESS_TOKEN_EXPIRED, AutoAction.REFRESH_AND_RETRY_ONCE),
        // refresh_token_invalid / password_changed_suspected
        row("401 login_required on refresh [sample 401_login_required]",
            sample("401_login_required", RequestKind.REFRESH),
            TriageReason.REFRESH_TOKEN_INVALID, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT),
        row("401 login_required long after the last good refresh [sample 401_login_required_short]",
            sample("401_login_required_short", RequestKind.REFRESH).withLastGoodRefresh(AT.minus(Duration.ofHours(8))),
            TriageReason.REFRESH_TOKEN_INVALID, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT),
        row("400 invalid_grant on refresh (RFC 6749 5.2)",
            answer(RequestKind.REFRESH, 400, "invalid_grant", "refresh token is invalid"),
            TriageReason.REFRESH_TOKEN_INVALID, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT),
        row("401 login_required 20 min after a good refresh [sample 401_login_required]",
            sample("401_login_required", RequestKind.REFRESH).withLastGoodRefresh(AT.minus(Duration.ofMinutes(20))),
            TriageReason.PASSWORD_CHANGED_SUSPECTED, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT),
        // missing_scope
        row("403 Unauthorized missing scopes for location_data [sample 403_missing_scopes]",
            sample("403_missing_scopes", RequestKind.VEHICLE_DATA).withEndpoints(WITH_LOCATION)
                .withClaims(claims(GRANTED_NO_LOCATION)),
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT),
        row("403 invalid_scope (Teslemetry exceptions list)",
            answer(RequestKind.LIST, 403, "invalid_scope", ""),
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT),
        // audience_mismatch
        row("401 Invalid access token while aud lists only EU",
            answer(RequestKind.VEHICLE_DATA, 401, "invalid_token", "Invalid access token")
                .withClaims(claims(GRANTED_NO_LOCATION, AT.plusSeconds(3600), List.of(EU))),
            TriageReason.AUDIENCE_MISMATCH, AutoAction.PAUSE_ACCOUNT),
        row("403 empty body while aud lists only EU",
            answer(RequestKind.LIST, 403, null, null)
                .withClaims(claims(GRANTED_NO_LOCATION, AT.plusSeconds(3600), List.of(EU))),
            TriageReason.AUDIENCE_MISMATCH, AutoAction.PAUSE_ACCOUNT),
        // wrong_region, partner_not_registered
        row("421 user out of region [sample 421_wrong_region]",
            sample("421_wrong_region", RequestKind.LIST),
            TriageReason.WRONG_REGION, AutoAction.SWITCH_REGION_AND_RETRY),
        row("412 must be registered in the current region [sample 412_not_registered]",
            sample("412_not_registered", RequestKind.LIST),
            TriageReason.PARTNER_NOT_REGISTERED, AutoAction.PAUSE_REGION),
        // unknown_user, mobile_access_disabled
        row("401 unknown user [sample 401_unknown_user]",
            sample("401_unknown_user", RequestKind.LIST),
            TriageReason.UNKNOWN_USER, AutoAction.PAUSE_ACCOUNT),
        row("401 mobile_access_disabled [sample 401_mobile_access_disabled]",
            sample("401_mobile_access_disabled", RequestKind.VEHICLE_DATA),
            TriageReason.MOBILE_ACCESS_DISABLED, AutoAction.PAUSE_VEHICLE),
        row("403 mobile_access_disabled on the vehicle list",
            answer(RequestKind.LIST, 403, "mobile_access_disabled", ""),
            TriageReason.MOBILE_ACCESS_DISABLED, AutoAction.PAUSE_ACCOUNT),
        // key_not_paired, command_protocol_required
        row("500 public key not paired (vehicle-command proxy, alandtse/tesla#1007)",
            answer(RequestKind.COMMAND, 500,
                "vehicle rejected request: your public key has not been paired with the vehicle", ""),
            TriageReason.KEY_NOT_PAIRED, AutoAction.NONE),
        row("403 Tesla Vehicle Command Protocol required (vehicle-command#252)",
            answer(RequestKind.COMMAND, 403, "Tesla Vehicle Command Protocol required, please refer to the"
                + " documentation here: https://developer.tesla.com/docs/fleet-api#2023-10-09-rest-api-vehicle-"
                + "commands-endpoint-deprecation-warning", ""),
            TriageReason.COMMAND_PROTOCOL_REQUIRED, AutoAction.NONE),
        // unsupported_vehicle
        row("403 unsupported vehicle [sample 403_unsupported_vehicle]",
            sample("403_unsupported_vehicle", RequestKind.VEHICLE_DATA),
            TriageReason.UNSUPPORTED_VEHICLE, AutoAction.PAUSE_VEHICLE),
        // billing_limit, payment_required
        row("403 account disabled: EXCEEDED_LIMIT [sample 403_billing_limit]",
            sample("403_billing_limit", RequestKind.VEHICLE_DATA),
            TriageReason.BILLING_LIMIT, AutoAction.PAUSE_APP),
        row("402 with no error text (FACTS.md: 402 payment required)",
            answer(RequestKind.VEHICLE_DATA, 402, null, null),
            TriageReason.BILLING_LIMIT, AutoAction.PAUSE_APP),
        row("402 subscription_required (Teslemetry exceptions list)",
            answer(RequestKind.LIST, 402, "subscription_required", ""),
            TriageReason.PAYMENT_REQUIRED, AutoAction.PAUSE_ACCOUNT),
        row("402 insufficient_credits (Teslemetry exceptions list)",
            answer(RequestKind.VEHICLE_DATA, 402, "insufficient_credits", ""),
            TriageReason.PAYMENT_REQUIRED, AutoAction.PAUSE_ACCOUNT),
        row("402 vehicle_subscription_required (Teslemetry exceptions list)",
            answer(RequestKind.VEHICLE_DATA, 402, "vehicle_subscription_required", ""),
            TriageReason.PAYMENT_REQUIRED, AutoAction.PAUSE_VEHICLE),
        // account_locked
        row("423 account locked (FACTS.md status codes)",
            answer(RequestKind.LIST, 423, "account locked", ""),
            TriageReason.ACCOUNT_LOCKED, AutoAction.PAUSE_ACCOUNT),
        // access_token_invalid
        row("401 invalid_token Invalid access token (simulator, Teslemetry list)",
            answer(RequestKind.VEHICLE_DATA, 401, "invalid_token", "Invalid access token")
                .withClaims(claims(GRANTED_NO_LOCATION)),
            TriageReason.ACCESS_TOKEN_INVALID, AutoAction.REREAD_STORE_AND_RETRY),
        row("401 invalid bearer token (Teslemetry list)",
            answer(RequestKind.LIST, 401, "invalid bearer token", ""),
            TriageReason.ACCESS_TOKEN_INVALID, AutoAction.REREAD_STORE_AND_RETRY),
        row("401 missing_token Access token is required (simulator, Teslemetry list)",
            answer(RequestKind.LIST, 401, "missing_token", "Access token is required"),
            TriageReason.ACCESS_TOKEN_INVALID, AutoAction.REREAD_STORE_AND_RETRY),
        row("401 access token revoked by a newer refresh (simulator; vehicle-command#160)",
            answer(RequestKind.VEHICLE_DATA, 401, "invalid_token", "The access token was revoked by a later refresh"),
            TriageReason.ACCESS_TOKEN_INVALID, AutoAction.REREAD_STORE_AND_RETRY),
        // consent_revoked
        row("401 User revoked consent (vehicle-command#139)",
            answer(RequestKind.VEHICLE_DATA, 401, "User revoked consent", ""),
            TriageReason.CONSENT_REVOKED, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT),
        // redirect_uri_mismatch, auth_code_invalid, client_credentials_invalid, state_mismatch
        row("400 invalid_redirect_url on code exchange [sample 400_invalid_redirect]",
            sample("400_invalid_redirect", RequestKind.CODE_EXCHANGE),
            TriageReason.REDIRECT_URI_MISMATCH, AutoAction.NONE),
        row("invalid_redirect_url on the authorize callback (simulator's authorize error)",
            FailureContext.of(RequestKind.AUTHORIZE_CALLBACK, 0, "invalid_redirect_url",
                "redirect_uri is not registered for this client", ACCOUNT, AT).withRedirectUri(REDIRECT),
            TriageReason.REDIRECT_URI_MISMATCH, AutoAction.NONE),
        row("400 invalid_auth_code [sample 400_invalid_auth_code]",
            sample("400_invalid_auth_code", RequestKind.CODE_EXCHANGE),
            TriageReason.AUTH_CODE_INVALID, AutoAction.NONE),
        row("400 invalid_grant on code exchange (simulator: PKCE mismatch)",
            answer(RequestKind.CODE_EXCHANGE, 400, "invalid_grant", "The code_verifier does not match the code_challenge."),
            TriageReason.AUTH_CODE_INVALID, AutoAction.NONE),
        row("401 unauthorized_client on refresh (simulator; Teslemetry list)",
            answer(RequestKind.REFRESH, 401, "unauthorized_client", "unknown client_id"),
            TriageReason.CLIENT_CREDENTIALS_INVALID, AutoAction.NONE),
        row("401 invalid_client on client credentials (simulator)",
            FailureContext.of(RequestKind.CLIENT_CREDENTIALS, 401, "invalid_client", "client authentication failed",
                null, AT),
            TriageReason.CLIENT_CREDENTIALS_INVALID, AutoAction.NONE),
        row("callback with an unknown state (ConsentException STATE_UNKNOWN)",
            FailureContext.of(RequestKind.AUTHORIZE_CALLBACK, 0, "state_unknown", "", null, AT),
            TriageReason.STATE_MISMATCH, AutoAction.NONE),
        row("callback replayed (ConsentException STATE_REPLAYED)",
            FailureContext.of(RequestKind.AUTHORIZE_CALLBACK, 400, "state_replayed", "", ACCOUNT, AT),
            TriageReason.STATE_MISMATCH, AutoAction.NONE),
        // rate_limited
        row("429 Retry in 37 seconds [sample 429_rate_limited]",
            sample("429_rate_limited", RequestKind.VEHICLE_DATA),
            TriageReason.RATE_LIMITED, AutoAction.HONOUR_RETRY_AFTER),
        // unknowns
        row("401 with an error no rule knows",
            answer(RequestKind.VEHICLE_DATA, 401, "session_terminated", "")
                .withClaims(claims(GRANTED_NO_LOCATION)),
            TriageReason.UNKNOWN_401, AutoAction.NONE),
        row("403 Forbidden with nothing else",
            answer(RequestKind.VEHICLE_DATA, 403, "Forbidden", ""),
            TriageReason.UNKNOWN_403, AutoAction.NONE),
        row("401 invalid_token on a refresh is not about an access token",
            answer(RequestKind.REFRESH, 401, "invalid_token", ""),
            TriageReason.UNKNOWN_401, AutoAction.NONE),
        row("token expired on a refresh is not about an access token",
            answer(RequestKind.REFRESH, 401, "token expired (401)", ""),
            TriageReason.UNKNOWN_401, AutoAction.NONE));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("failures")
  void classifiesEachFailure(FailureContext context, TriageReason reason, AutoAction autoAction) {
    TriageEvent event = classifier.classify(context);

    assertThat(event.reason()).isEqualTo(reason);
    assertThat(event.autoAction()).isEqualTo(autoAction);
    assertThat(event.severity()).isEqualTo(reason.severity());
    assertThat(event.status()).isEqualTo(context.status());
    assertThat(event.account()).isEqualTo(context.account());
    assertThat(event.vehicle()).isEqualTo(context.vehicle());
    assertThat(event.txid()).isEqualTo(context.txid());
    assertThat(event.at()).isEqualTo(AT);
  }

  @Test
  void theTableCoversEveryReasonTheClassifierCanGive() {
    Set<TriageReason> covered = EnumSet.noneOf(TriageReason.class);
    failures().forEach(args -> covered.add((TriageReason) args.get()[1]));

    // budget_exhausted is the poller's own event, not a classified failure.
    assertThat(covered).containsAll(EnumSet.complementOf(EnumSet.of(TriageReason.BUDGET_EXHAUSTED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void causeAndActionAreEachOnePlainSentence(FailureContext context) {
    TriageEvent event = classifier.classify(context);

    for (String sentence : List.of(event.cause(), event.action())) {
      assertThat(sentence).isNotBlank().endsWith(".").doesNotContain("\n").doesNotContain("null");
      assertThat(sentence.substring(0, sentence.length() - 1)).doesNotContainPattern("[.!?]\\s+[A-Z]");
      assertThat(Character.isUpperCase(sentence.charAt(0))).as(sentence).isTrue();
    }
  }

  static Stream<Arguments> missingScopes() {
    List<String> onlyLogin = List.of("openid", "offline_access");
    return Stream.of(
        Arguments.of(Named.of("location_data asked, token lacks vehicle_location", scopeFailure(
            RequestKind.VEHICLE_DATA, WITH_LOCATION, Optional.of(GRANTED_NO_LOCATION))), "vehicle_location", "location_data"),
        Arguments.of(Named.of("vehicle_data asked, token lacks vehicle_device_data", scopeFailure(
            RequestKind.VEHICLE_DATA, EnumSet.of(VehicleDataEndpoint.CHARGE_STATE), Optional.of(onlyLogin))),
            "vehicle_device_data", "vehicle_data"),
        Arguments.of(Named.of("location asked, token lacks both: the broader one first", scopeFailure(
            RequestKind.VEHICLE_DATA, WITH_LOCATION, Optional.of(onlyLogin))), "vehicle_device_data", "vehicle_data"),
        Arguments.of(Named.of("no claims, location asked", scopeFailure(
            RequestKind.VEHICLE_DATA, WITH_LOCATION, Optional.empty())), "vehicle_location", "location_data"),
        Arguments.of(Named.of("no claims, no location asked", scopeFailure(
            RequestKind.VEHICLE_DATA, EnumSet.of(VehicleDataEndpoint.CHARGE_STATE), Optional.empty())),
            "vehicle_device_data", "vehicle_data"),
        Arguments.of(Named.of("command, token lacks vehicle_cmds", scopeFailure(
            RequestKind.COMMAND, Set.of(), Optional.of(GRANTED_NO_LOCATION))), "vehicle_cmds", "command"),
        Arguments.of(Named.of("charging command, token has vehicle_cmds only", scopeFailure(
            RequestKind.COMMAND, Set.of(), Optional.of(List.of("vehicle_device_data", "vehicle_cmds")))),
            "vehicle_charging_cmds", "command"),
        Arguments.of(Named.of("vehicle list, token lacks vehicle_device_data", scopeFailure(
            RequestKind.LIST, Set.of(), Optional.of(onlyLogin))), "vehicle_device_data", "list"),
        Arguments.of(Named.of("wake_up, token lacks vehicle_device_data", scopeFailure(
            RequestKind.WAKE_UP, Set.of(), Optional.of(onlyLogin))), "vehicle_device_data", "wake_up"),
        Arguments.of(Named.of("region, configured user_data not granted", scopeFailure(
            RequestKind.REGION, Set.of(), Optional.of(GRANTED_NO_LOCATION))
                .withConfiguredScopes(List.of("openid", "offline_access", "vehicle_device_data", "user_data"))),
            "user_data", "region"));
  }

  private static FailureContext scopeFailure(RequestKind kind, Set<VehicleDataEndpoint> endpoints,
      Optional<List<String>> granted) {
    return sample("403_missing_scopes", kind).withEndpoints(endpoints)
        .withClaims(granted.map(TriageFixtures::claims).orElse(null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("missingScopes")
  void missingScopeNamesTheScopeAndTheEndpointToDrop(FailureContext context, String scope, String endpoint) {
    TriageEvent event = classifier.classify(context);

    assertThat(event.reason()).isEqualTo(TriageReason.MISSING_SCOPE);
    assertThat(event.details()).containsEntry("scope", scope).containsEntry("endpoint", endpoint)
        .containsEntry("reconsent_path", "/auth/login?account=" + ACCOUNT);
    assertThat(event.cause()).contains(scope).contains(endpoint);
    assertThat(event.action()).contains(scope).contains("/auth/login?account=" + ACCOUNT);
  }

  @Test
  void missingScopeSaysWhetherTheConfigAsksForIt() {
    FailureContext asked = scopeFailure(RequestKind.VEHICLE_DATA, WITH_LOCATION, Optional.of(GRANTED_NO_LOCATION));
    FailureContext notAsked = asked.withConfiguredScopes(List.of("openid", "offline_access", "vehicle_device_data"));

    assertThat(classifier.classify(asked).action()).startsWith("Have the owner consent again").contains("grant vehicle_location");
    assertThat(classifier.classify(notAsked).action()).startsWith("Add vehicle_location to tesla.scopes");
  }

  @Test
  void missingScopeWithNothingToGoOnStillDropsTheEndpoint() {
    FailureContext context = sample("403_missing_scopes", RequestKind.REGION).withConfiguredScopes(List.of());

    TriageEvent event = classifier.classify(context);

    assertThat(event.reason()).isEqualTo(TriageReason.MISSING_SCOPE);
    assertThat(event.details()).doesNotContainKey("scope").containsEntry("endpoint", "region");
  }

  @Test
  void missingScopeNamesNoScopeTheTokensOwnClaimsGrant() {
    FailureContext context = scopeFailure(RequestKind.VEHICLE_DATA, EnumSet.of(VehicleDataEndpoint.CHARGE_STATE),
        Optional.of(GRANTED_NO_LOCATION));

    TriageEvent event = classifier.classify(context);

    assertThat(event.reason()).isEqualTo(TriageReason.MISSING_SCOPE);
    assertThat(event.details()).doesNotContainKey("scope").containsEntry("endpoint", "vehicle_data");
    assertThat(event.cause()).contains("include what it needs").doesNotContain("lacks the");
    assertThat(event.action()).startsWith("Have the owner consent again at /auth/login?account=" + ACCOUNT);
  }

  @Test
  void missingScopeSaysWhatStopsAsThePollerActs() {
    FailureContext aboutACar = FailureContext.of(RequestKind.VEHICLE_DATA, 403, "Unauthorized missing scopes", "",
        ACCOUNT, AT).withVehicle("5YJ3E1EA7KF000001");
    FailureContext aboutTheAccount = FailureContext.of(RequestKind.LIST, 403, "Unauthorized missing scopes", "",
        ACCOUNT, AT);

    assertThat(classifier.classify(aboutACar).action()).endsWith("making vehicle_data calls for this vehicle meanwhile.");
    assertThat(classifier.classify(aboutTheAccount).action()).endsWith("making list calls for this account meanwhile.");
    assertThat(classifier.classify(scopeFailure(RequestKind.VEHICLE_DATA, WITH_LOCATION,
        Optional.of(GRANTED_NO_LOCATION))).action()).endsWith("asking for location_data for this account meanwhile.");
  }

  @Test
  void wrongRegionCarriesTheBaseUrlParsedFromTheBody() {
    TriageEvent event = classifier.classify(sample("421_wrong_region", RequestKind.VEHICLE_DATA));

    assertThat(event.details()).containsEntry("base_url", EU).containsEntry("base_url_in_use", NA);
    assertThat(event.txid()).isEqualTo("6a2f0d3c");
    assertThat(event.toJson().getString("txid")).isEqualTo("6a2f0d3c");
    assertThat(event.action()).contains(EU);
  }

  static Stream<Arguments> regionWordings() {
    return Stream.of(
        Arguments.of("user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com/, see x", EU),
        Arguments.of("user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com.", EU),
        Arguments.of("user out of region; use https://fleet-api.prd.eu.vn.cloud.tesla.com", EU),
        Arguments.of("User out of region, use base URL:https://fleet-api.prd.cn.vn.cloud.tesla.cn, see y",
            "https://fleet-api.prd.cn.vn.cloud.tesla.cn"));
  }

  @ParameterizedTest
  @MethodSource("regionWordings")
  void wrongRegionParsesTheBaseUrlFromVariousWordings(String error, String expected) {
    TriageEvent event = classifier.classify(answer(RequestKind.LIST, 421, error, ""));

    assertThat(event.details()).containsEntry("base_url", expected);
  }

  @Test
  void wrongRegionWithoutAUrlStillSwitchesByAskingTheRegionEndpoint() {
    TriageEvent event = classifier.classify(answer(RequestKind.LIST, 421, "Misdirected Request", ""));

    assertThat(event.reason()).isEqualTo(TriageReason.WRONG_REGION);
    assertThat(event.autoAction()).isEqualTo(AutoAction.SWITCH_REGION_AND_RETRY);
    assertThat(event.details()).doesNotContainKey("base_url");
    assertThat(event.action()).contains("/api/1/users/region");
  }

  @Test
  void partnerNotRegisteredNamesTheRegionFromTheBody() {
    TriageEvent event = classifier.classify(sample("412_not_registered", RequestKind.LIST).withBaseUrl(EU));

    assertThat(event.details()).containsEntry("base_url", NA);
    assertThat(event.action()).contains("partner_accounts").contains(NA);
  }

  @Test
  void rateLimitedReadsRetryInNSecondsFromTheBody() {
    TriageEvent event = classifier.classify(sample("429_rate_limited", RequestKind.VEHICLE_DATA));

    assertThat(event.details()).containsEntry("retry_after_seconds", "37");
  }

  @Test
  void rateLimitedPrefersTheRetryAfterHeader() {
    FleetApiException e = FleetApiException.httpStatus(ApiCallKind.VEHICLE_DATA, 429, "Retry in 37 seconds", "",
        null, Duration.ofSeconds(120), Map.of("ratelimit-remaining", "0"));

    TriageEvent event = classifier.classify(FailureContext.of(e, ACCOUNT, AT).withVehicle(VIN));

    assertThat(event.details()).containsEntry("retry_after_seconds", "120");
    assertThat(event.action()).contains("120 s");
  }

  @Test
  void rateLimitedWithoutAnyWaitStillHonoursBackOff() {
    TriageEvent event = classifier.classify(answer(RequestKind.WAKE_UP, 429, null, null));

    assertThat(event.reason()).isEqualTo(TriageReason.RATE_LIMITED);
    assertThat(event.details()).doesNotContainKey("retry_after_seconds");
  }

  @Test
  void refreshTokenInvalidCarriesTheReconsentPathAndTheReferenceId() {
    TriageEvent event = classifier.classify(sample("401_login_required", RequestKind.REFRESH));

    assertThat(event.details()).containsEntry("reconsent_path", "/auth/login?account=acct-1")
        .containsEntry("error", "login_required")
        .containsEntry("error_description", "The refresh_token is invalid");
    assertThat(event.txid()).isEqualTo("0a1b2c3d");
    assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void passwordChangeWindowIsConfigurable() {
    FailureContext context = sample("401_login_required", RequestKind.REFRESH)
        .withLastGoodRefresh(AT.minus(Duration.ofMinutes(20)));

    assertThat(new TriageClassifier(Duration.ofMinutes(10)).classify(context).reason())
        .isEqualTo(TriageReason.REFRESH_TOKEN_INVALID);
    assertThat(new TriageClassifier(Duration.ofMinutes(30)).classify(context).reason())
        .isEqualTo(TriageReason.PASSWORD_CHANGED_SUSPECTED);
    assertThat(new TriageClassifier(Duration.ofMinutes(30)).classify(context).details())
        .containsEntry("last_good_refresh_at", AT.minus(Duration.ofMinutes(20)).toString());
  }

  @Test
  void audienceMismatchNamesTheBaseUrlAndTheTokensAudiences() {
    TriageEvent event = classifier.classify(answer(RequestKind.LIST, 401, null, null)
        .withClaims(claims(GRANTED_NO_LOCATION, AT.plusSeconds(600), List.of(EU))));

    assertThat(event.reason()).isEqualTo(TriageReason.AUDIENCE_MISMATCH);
    assertThat(event.details()).containsEntry("base_url", NA).containsEntry("token_audiences", EU);
  }

  @Test
  void audienceMatchesDespiteATrailingSlashOrCase() {
    FailureContext context = answer(RequestKind.LIST, 401, "invalid_token", "Invalid access token")
        .withBaseUrl(NA + "/")
        .withClaims(claims(GRANTED_NO_LOCATION, AT.plusSeconds(600), List.of(NA.toUpperCase())));

    assertThat(classifier.classify(context).reason()).isEqualTo(TriageReason.ACCESS_TOKEN_INVALID);
  }

  @Test
  void expiredAccessTokenSaysWhenFromTheClaims() {
    TriageEvent event = classifier.classify(sample("401_access_expired", RequestKind.VEHICLE_DATA)
        .withClaims(claims(GRANTED_NO_LOCATION, AT.minusSeconds(5), List.of(NA))));

    assertThat(event.details()).containsEntry("expired_at", AT.minusSeconds(5).toString());
  }

  @Test
  void redirectUriMismatchNamesTheConfiguredUri() {
    TriageEvent event = classifier.classify(sample("400_invalid_redirect", RequestKind.CODE_EXCHANGE));

    assertThat(event.details()).containsEntry("redirect_uri", REDIRECT);
    assertThat(event.cause()).contains(REDIRECT);
  }

  static Stream<Arguments> oddContexts() {
    AccessTokenClaims empty = new AccessTokenClaims(Optional.empty(), Optional.empty(), List.of(), List.of(),
        Optional.empty(), Optional.empty());
    return Stream.of(
        Arguments.of(FailureContext.of(RequestKind.LIST, 0, null, null, null, AT), TriageReason.UNKNOWN_401),
        Arguments.of(FailureContext.of(FleetApiException.failure(ApiCallKind.VEHICLE_DATA,
            FleetApiException.Failure.TIMEOUT, 0, "no answer in 10 s"), ACCOUNT, AT), TriageReason.UNKNOWN_401),
        Arguments.of(FailureContext.of(RequestKind.VEHICLE_DATA, 408,
            "vehicle unavailable: vehicle is offline or asleep", "", ACCOUNT, AT), TriageReason.UNKNOWN_401),
        Arguments.of(FailureContext.of(RequestKind.COMMAND, 403, "", "", null, AT).withClaims(empty).withBaseUrl(" "),
            TriageReason.UNKNOWN_403),
        Arguments.of(FailureContext.of(RequestKind.VEHICLE, 401, "x".repeat(5000), "y".repeat(5000), ACCOUNT, AT)
            .withClaims(empty), TriageReason.UNKNOWN_401),
        Arguments.of(FailureContext.of(RequestKind.LIST, 421, "use base URL: https://", "", ACCOUNT, AT),
            TriageReason.WRONG_REGION),
        Arguments.of(FailureContext.of(RequestKind.LIST, 429, "Retry in 99999999999999 seconds", "", ACCOUNT, AT),
            TriageReason.RATE_LIMITED));
  }

  @ParameterizedTest
  @MethodSource("oddContexts")
  void oddInputsNeverThrowAndNeverGiveNull(FailureContext context, TriageReason reason) {
    assertThatCode(() -> classifier.classify(context)).doesNotThrowAnyException();
    TriageEvent event = classifier.classify(context);

    assertThat(event).isNotNull();
    assertThat(event.reason()).isEqualTo(reason);
    assertThat(event.details().values()).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(210));
  }

  @Test
  void unknownFailureQuotesTeslaAndTheTxid() {
    TriageEvent event = classifier.classify(answer(RequestKind.VEHICLE_DATA, 403, "Forbidden", "", "9f8e7d"));

    assertThat(event.reason()).isEqualTo(TriageReason.UNKNOWN_403);
    assertThat(event.cause()).contains("HTTP 403").contains("Forbidden");
    assertThat(event.action()).contains("9f8e7d");
  }
}
