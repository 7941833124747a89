package io.fleetpoller.triage;

import static io.fleetpoller.triage.TriageFixtures.ACCOUNT;
import static io.fleetpoller.triage.TriageFixtures.AT;
import static io.fleetpoller.triage.TriageFixtures.NA;
import static io.fleetpoller.triage.TriageFixtures.POLLER_SCOPES;
import static io.fleetpoller.triage.TriageFixtures.REDIRECT;
import static io.fleetpoller.triage.TriageFixtures.TESLA;
import static io.fleetpoller.triage.TriageFixtures.jwt;
import static io.fleetpoller.triage.TriageFixtures.refreshToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailureContextTest {

  @Test
  void ofCopiesTheExceptionsFields() {
    FleetApiException e = FleetApiException.httpStatus(ApiCallKind.VEHICLE_DATA, 429, "Retry in 37 seconds", "",
        "6a2f0d3c", Duration.ofSeconds(40), Map.of("ratelimit-remaining", "0"));

    FailureContext context = FailureContext.of(e, ACCOUNT, AT);

    assertThat(context.kind()).isEqualTo(RequestKind.VEHICLE_DATA);
    assertThat(context.status()).isEqualTo(429);
    assertThat(context.error()).isEqualTo("Retry in 37 seconds");
    assertThat(context.errorDescription()).isEmpty();
    assertThat(context.txid()).isEqualTo("6a2f0d3c");
    assertThat(context.retryAfter()).contains(Duration.ofSeconds(40));
    assertThat(context.account()).isEqualTo(ACCOUNT);
    assertThat(context.at()).isEqualTo(AT);
  }

  @Test
  void aTokenCallIsARefreshUnlessTheCallerSaysOtherwise() {
    FleetApiException e = FleetApiException.httpStatus(ApiCallKind.TOKEN, 400, "invalid_grant", "", null, null, Map.of());

    assertThat(FailureContext.of(e, ACCOUNT, AT).kind()).isEqualTo(RequestKind.REFRESH);
    assertThat(FailureContext.of(e, RequestKind.CODE_EXCHANGE, ACCOUNT, AT).kind()).isEqualTo(RequestKind.CODE_EXCHANGE);
  }

  @ParameterizedTest
  @EnumSource(ApiCallKind.class)
  void everyApiCallKindHasARequestKind(ApiCallKind kind) {
    assertThat(RequestKind.of(kind)).isNotNull();
    assertThat(RequestKind.of(kind).usesAccessToken()).isEqualTo(kind != ApiCallKind.TOKEN);
  }

  @Test
  void nullsBecomeEmptyValues() {
    FailureContext context = new FailureContext(RequestKind.LIST, 401, null, null, null, null, null, null, null,
        null, null, null, null, null, AT);

    assertThat(context.error()).isEmpty();
    assertThat(context.errorDescription()).isEmpty();
    assertThat(context.retryAfter()).isEmpty();
    assertThat(context.endpoints()).isEmpty();
    assertThat(context.claims()).isEmpty();
    assertThat(context.configuredScopes()).isEmpty();
    assertThat(context.lastGoodRefresh()).isEmpty();
  }

  @Test
  void kindAndTimeAreRequired() {
    assertThatThrownBy(() -> FailureContext.of(null, 401, "", "", ACCOUNT, AT)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FailureContext.of(RequestKind.LIST, 401, "", "", ACCOUNT, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void withTeslaTakesScopesBaseUrlAndRedirectUriFromTheConfig() {
    FailureContext context = FailureContext.of(RequestKind.LIST, 403, "", "", ACCOUNT, AT).withTesla(TESLA);

    assertThat(context.configuredScopes()).isEqualTo(POLLER_SCOPES);
    assertThat(context.baseUrl()).isEqualTo(NA);
    assertThat(context.redirectUri()).isEqualTo(REDIRECT);
  }

  @Test
  void endpointsAreCopiedNotShared() {
    Set<VehicleDataEndpoint> asked = new HashSet<>(Set.of(VehicleDataEndpoint.CHARGE_STATE));
    FailureContext context = FailureContext.of(RequestKind.VEHICLE_DATA, 403, "", "", ACCOUNT, AT).withEndpoints(asked);

    asked.add(VehicleDataEndpoint.LOCATION_DATA);

    assertThat(context.endpoints()).containsExactly(VehicleDataEndpoint.CHARGE_STATE);
    assertThat(context.withEndpoints(EnumSet.allOf(VehicleDataEndpoint.class)).endpoints()).isUnmodifiable();
  }

  @Test
  void toStringNeverShowsATokenEvenWhenTeslaEchoesOne() {
    FailureContext context = FailureContext.of(RequestKind.REFRESH, 401, "login_required",
            "refresh_token=" + refreshToken() + " Authorization: Bearer " + jwt(), ACCOUNT, AT)
        .withTxid(jwt())
        .withClaims(AccessTokenClaims.parse(jwt()).orElseThrow())
        .withTesla(TESLA);

    String text = context.toString();

    assertThat(text).doesNotContainPattern(TriageEventTest.JWT_SHAPED)
        .doesNotContainPattern(TriageEventTest.REFRESH_TOKEN_SHAPED)
        .doesNotContain("client-secret-value")
        .contains("login_required").contains("scp=[vehicle_device_data]").contains(ACCOUNT);
  }
}
