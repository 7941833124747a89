package io.fleetpoller.triage;

import static io.fleetpoller.triage.TriageFixtures.ACCOUNT;
import static io.fleetpoller.triage.TriageFixtures.AT;
import static io.fleetpoller.triage.TriageFixtures.NA;
import static io.fleetpoller.triage.TriageFixtures.VIN;
import static io.fleetpoller.triage.TriageFixtures.answer;
import static io.fleetpoller.triage.TriageFixtures.claims;
import static io.fleetpoller.triage.TriageFixtures.jwt;
import static io.fleetpoller.triage.TriageFixtures.refreshToken;
import static io.fleetpoller.triage.TriageFixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriageEventTest {

  /** A JWT's header and payload: enough to leak the claims, so enough to fail. */
  static final Pattern JWT_SHAPED = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  static final Pattern REFRESH_TOKEN_SHAPED = Pattern.compile("\\b(?:NA|EU|CN)_[A-Za-z0-9]{8,}");

  private final TriageClassifier classifier = new TriageClassifier();

  /** Failures whose Tesla text, txid or config quote a token, as a careless server or proxy might. */
  static Stream<Arguments> hostileFailures() {
    String jwt = jwt();
    String refresh = refreshToken();
    return Stream.of(
        Arguments.of(Named.of("JWT in error_description",
            answer(RequestKind.VEHICLE_DATA, 401, "invalid_token", "token " + jwt + " is not valid"))),
        Arguments.of(Named.of("JWT as the whole error",
            answer(RequestKind.LIST, 403, jwt, ""))),
        Arguments.of(Named.of("Bearer header echoed",
            answer(RequestKind.LIST, 401, "invalid bearer token", "Authorization: Bearer " + jwt))),
        Arguments.of(Named.of("refresh token echoed on refresh",
            answer(RequestKind.REFRESH, 401, "login_required", "refresh_token " + refresh + " was already used"))),
        Arguments.of(Named.of("refresh token as a form parameter",
            answer(RequestKind.REFRESH, 400, "invalid_request", "grant_type=refresh_token&refresh_token=" + refresh))),
        Arguments.of(Named.of("code and state in the callback error",
            FailureContext.of(RequestKind.AUTHORIZE_CALLBACK, 0, "state_unknown",
                "callback?code=" + refresh + "&state=abc", ACCOUNT, AT))),
        Arguments.of(Named.of("token in the txid",
            answer(RequestKind.VEHICLE, 401, null, null, jwt))),
        Arguments.of(Named.of("token in the 421 URL",
            answer(RequestKind.LIST, 421, "user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com"
                + "?access_token=" + jwt, ""))),
        Arguments.of(Named.of("token in the rate-limit text",
            answer(RequestKind.VEHICLE_DATA, 429, "Retry in 5 seconds for " + refresh, ""))),
        Arguments.of(Named.of("token as the account",
            FailureContext.of(RequestKind.LIST, 403, "Forbidden", "", refresh, AT).withVehicle(jwt))));
  }

  /** Every event the classifier table produces, plus the hostile ones. */
  static Stream<Arguments> everyEvent() {
    List<Arguments> all = new ArrayList<>();
    TriageClassifierTest.failures().forEach(args -> all.add(Arguments.of(args.get()[0])));
    TriageClassifierTest.missingScopes().forEach(args -> all.add(Arguments.of(args.get()[0])));
    hostileFailures().forEach(all::add);
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void noEventCarriesAJwtOrARefreshToken(FailureContext context) {
    TriageEvent event = classifier.classify(context.withClaims(claims(List.of("openid", "vehicle_device_data"))));
    String json = event.toJson().encode();

    assertThat(json).doesNotContainPattern(JWT_SHAPED).doesNotContainPattern(REFRESH_TOKEN_SHAPED);
    assertThat(json).doesNotContain(refreshToken().substring(3)).doesNotContain(jwt().split("\\.")[1]);
    assertThat(event.toString()).doesNotContainPattern(JWT_SHAPED).doesNotContainPattern(REFRESH_TOKEN_SHAPED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFailures")
  void hostileFailuresAreStillClassifiedWithTheTokenBlanked(FailureContext context) {
    TriageEvent event = classifier.classify(context);

    assertThat(event.toJson().encode()).contains(TokenRedaction.REDACTED);
  }

  @Test
  void theScanCatchesATokenWhenOneGetsThrough() {
    // The scan patterns must match what they guard against, or the scan above proves nothing.
    assertThat(jwt()).containsPattern(JWT_SHAPED);
    assertThat(refreshToken()).containsPattern(REFRESH_TOKEN_SHAPED);
  }

  @Test
  void eventsBuiltByHandAreRedactedToo() {
    TriageEvent event = new TriageEvent(TriageReason.UNKNOWN_401, Severity.WARNING, "Saw " + jwt() + ".",
        "Drop " + refreshToken() + ".", AutoAction.NONE, ACCOUNT, VIN, 401, null, AT,
        Map.of("note", "Bearer " + jwt()));

    String json = event.toJson().encode();

    assertThat(json).doesNotContainPattern(JWT_SHAPED).doesNotContainPattern(REFRESH_TOKEN_SHAPED);
    assertThat(event.details()).containsEntry("note", "Bearer " + TokenRedaction.REDACTED);
  }

  @Test
  void jsonHasTypeTriageAndSnakeCaseKeys() {
    FailureContext context = sample("421_wrong_region", RequestKind.VEHICLE_DATA);

    JsonObject json = classifier.classify(context).toJson();

    assertThat(json.getString("type")).isEqualTo("triage");
    assertThat(json.getString("reason")).isEqualTo("wrong_region");
    assertThat(json.getString("severity")).isEqualTo("info");
    assertThat(json.getString("auto_action")).isEqualTo("switch_region_and_retry");
    assertThat(json.getString("account")).isEqualTo(ACCOUNT);
    assertThat(json.getString("vehicle")).isEqualTo(VIN);
    assertThat(json.getInteger("status")).isEqualTo(421);
    assertThat(json.getString("txid")).isEqualTo("6a2f0d3c");
    assertThat(json.getString("at")).isEqualTo(AT.toString());
    assertThat(json.getJsonObject("details").getString("base_url"))
        .isEqualTo("https://fleet-api.prd.eu.vn.cloud.tesla.com");
    assertThat(json.fieldNames()).allSatisfy(key -> assertThat(key).matches("[a-z]+(_[a-z]+)*"));
    assertThat(json.getJsonObject("details").fieldNames())
        .allSatisfy(key -> assertThat(key).matches("[a-z]+(_[a-z]+)*"));
  }

  @Test
  void jsonLeavesOutWhatIsUnknownRatherThanNull() {
    FailureContext context = FailureContext.of(RequestKind.CLIENT_CREDENTIALS, 401, "invalid_client", "", null, AT);

    JsonObject json = classifier.classify(context).toJson();

    assertThat(json.containsKey("account")).isFalse();
    assertThat(json.containsKey("vehicle")).isFalse();
    assertThat(json.containsKey("txid")).isFalse();
    assertThat(json.encode()).doesNotContain("null");
  }

  @Test
  void everyReasonHasItsIssueWireName() {
    assertThat(Stream.of(TriageReason.values()).map(TriageReason::wireName)).containsExactly(
        "access_token_expired", "refresh_token_invalid", "password_changed_suspected", "missing_scope",
        "audience_mismatch", "wrong_region", "partner_not_registered", "unknown_user", "mobile_access_disabled",
        "key_not_paired", "command_protocol_required", "unsupported_vehicle", "billing_limit", "account_locked",
        "access_token_invalid", "consent_revoked", "payment_required", "redirect_uri_mismatch", "auth_code_invalid",
        "client_credentials_invalid", "state_mismatch", "rate_limited", "budget_exhausted", "unknown_401",
        "unknown_403");
    assertThat(TriageReason.fromWireName("missing_scope")).contains(TriageReason.MISSING_SCOPE);
    assertThat(TriageReason.fromWireName("MISSING_SCOPE")).isEmpty();
  }

  @Test
  void detailsAreImmutableAndSorted() {
    TriageEvent event = classifier.classify(sample("421_wrong_region", RequestKind.LIST)
        .withRetryAfter(Duration.ofSeconds(1)).withBaseUrl(NA));

    assertThat(new java.util.ArrayList<>(event.details().keySet())).isSorted();
    assertThat(event.details()).isUnmodifiable();
  }
}
