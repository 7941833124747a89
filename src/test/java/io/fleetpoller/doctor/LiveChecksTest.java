package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.doctor.Check.Status;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.UserRegion;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.fleetapi.VehicleSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LiveChecksTest {

  private static final String NA = "https://fleet-api.prd.na.vn.cloud.tesla.com";
  private static final String EU = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  private static final String REDIRECT = "https://fleet.example.com/auth/callback";

  private static FleetApiException http(int status, String error, String description) {
    return FleetApiException.httpStatus(ApiCallKind.LIST, status, error, description, null,
        status == 429 ? Duration.ofSeconds(37) : null, Map.of());
  }

  @Test
  void anyHttpAnswerMeansTheTokenEndpointIsReachable() {
    String url = "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token";
    assertThat(LiveChecks.tokenEndpoint(url, HttpProbe.answered(405, null, "")).status()).isEqualTo(Status.OK);
    assertThat(LiveChecks.tokenEndpoint(url, HttpProbe.answered(400, null, "{}")).status()).isEqualTo(Status.OK);
    assertThat(LiveChecks.tokenEndpoint(url, HttpProbe.answered(503, null, "")).status()).isEqualTo(Status.WARN);
    Check down = LiveChecks.tokenEndpoint(url, HttpProbe.failed("Connection refused"));
    assertThat(down.status()).isEqualTo(Status.FAIL);
    assertThat(down.detail()).contains("Connection refused");
    assertThat(down.action()).contains("fleet-auth.prd.vn.cloud.tesla.com");
  }

  static Stream<Arguments> authorizeAnswers() {
    return Stream.of(
        Arguments.of(HttpProbe.answered(200, null, "<html><form>Sign in</form></html>"), Status.OK, "HTTP 200"),
        Arguments.of(HttpProbe.answered(302, REDIRECT + "?code=NA_x&state=s", ""), Status.OK, "HTTP 302"),
        Arguments.of(HttpProbe.answered(400, null,
            "{\"error\":\"invalid_redirect_url\",\"error_description\":\"redirect_uri does not match\"}"),
            Status.FAIL, "invalid_redirect_url"),
        Arguments.of(HttpProbe.answered(200, null, "<p>Error: invalid_redirect_url</p>"), Status.FAIL,
            "invalid_redirect_url"),
        Arguments.of(HttpProbe.answered(302, REDIRECT + "?error=invalid_request&state=s", ""), Status.FAIL,
            "invalid_request"),
        Arguments.of(HttpProbe.answered(400, null, "{\"error\":\"unauthorized_client\"}"), Status.FAIL,
            "unauthorized_client"),
        Arguments.of(HttpProbe.answered(403, null, "<html>denied</html>"), Status.WARN, "HTTP 403"),
        Arguments.of(HttpProbe.failed("timeout"), Status.FAIL, "cannot reach"));
  }

  @ParameterizedTest
  @MethodSource("authorizeAnswers")
  void theAuthorizePageTellsWhetherTheRedirectUriIsRegistered(HttpProbe probe, Status status, String said) {
    Check check = LiveChecks.authorizePage(REDIRECT, probe);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.detail()).contains(said);
  }

  @Test
  void anUnregisteredRedirectUriSaysToRegisterItExactly() {
    Check check = LiveChecks.authorizePage(REDIRECT, HttpProbe.answered(400, null,
        "{\"error\":\"invalid_redirect_url\",\"error_description\":\"\"}"));
    assertThat(check.detail()).contains("refuses tesla.redirectUri " + REDIRECT);
    assertThat(check.action()).contains("byte for byte").contains("developer.tesla.com");
  }

  @Test
  void clientCredentialsAreJudgedByTheTokenEndpointsAnswer() {
    assertThat(LiveChecks.clientCredentials(null).status()).isEqualTo(Status.OK);
    Check refused = LiveChecks.clientCredentials(http(401, "invalid_client", "client authentication failed"));
    assertThat(refused.status()).isEqualTo(Status.FAIL);
    assertThat(refused.detail()).contains("HTTP 401 invalid_client (client authentication failed)");
    assertThat(refused.action()).contains("TESLA_CLIENT_SECRET");
    assertThat(LiveChecks.clientCredentials(http(400, "invalid_scope", "")).status()).isEqualTo(Status.WARN);
    assertThat(LiveChecks.clientCredentials(FleetApiException.failure(ApiCallKind.TOKEN,
        FleetApiException.Failure.TIMEOUT, 0, "no answer")).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void usersRegionMustNameTheBaseUrlInUse() {
    assertThat(LiveChecks.userRegion("home", NA, new UserRegion("na", NA + "/")).status()).isEqualTo(Status.OK);
    Check wrong = LiveChecks.userRegion("home", NA, new UserRegion("eu", EU));
    assertThat(wrong.status()).isEqualTo(Status.FAIL);
    assertThat(wrong.account()).isEqualTo("home");
    assertThat(wrong.detail()).contains("region eu at " + EU).contains("not tesla.apiBaseUrl " + NA);
    assertThat(wrong.action()).startsWith("set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to " + EU);
    assertThat(LiveChecks.userRegion("home", NA, new UserRegion("na", null)).status()).isEqualTo(Status.WARN);
  }

  @Test
  void theVehicleListIsCountedByState() {
    List<VehicleSummary> cars = List.of(
        new VehicleSummary(1, "1", "VIN1", "a", VehicleOnlineState.ONLINE, false),
        new VehicleSummary(2, "2", "VIN2", "b", VehicleOnlineState.ASLEEP, false),
        new VehicleSummary(3, "3", "VIN3", "c", VehicleOnlineState.ASLEEP, false));
    Check check = LiveChecks.vehicles("home", cars);
    assertThat(check.status()).isEqualTo(Status.OK);
    assertThat(check.detail()).contains("3 vehicles (1 online, 2 asleep)");
    assertThat(LiveChecks.vehicles("home", List.of()).status()).isEqualTo(Status.WARN);
  }

  static Stream<Arguments> failedCalls() {
    return Stream.of(
        Arguments.of(http(421, "user out of region, use base URL: " + EU
            + ", see https://developer.tesla.com/docs/fleet-api#regional-requirements", ""), Status.FAIL,
            "Tesla says use " + EU, "set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to " + EU),
        Arguments.of(http(412, "Account 0000-client-id must be registered in the current region " + NA, null),
            Status.FAIL, "not registered in this region", "partner_accounts"),
        Arguments.of(http(401, "token expired (401)", null), Status.WARN, "expired meanwhile", "refreshes it"),
        Arguments.of(http(401, "invalid_token", "The access token was revoked by a later refresh"), Status.FAIL,
            "revoked by a later refresh", "run doctor again"),
        Arguments.of(http(403, "Unauthorized missing scopes", ""), Status.FAIL, "missing scopes", "grant"),
        Arguments.of(http(403, "account disabled: EXCEEDED_LIMIT", null), Status.FAIL, "EXCEEDED_LIMIT",
            "billing limit"),
        Arguments.of(http(429, "Retry in 37 seconds", ""), Status.WARN, "retry after 37s", "Retry-After"),
        Arguments.of(http(500, "internal_error", ""), Status.FAIL, "HTTP 500", "later"),
        Arguments.of(FleetApiException.failure(ApiCallKind.LIST, FleetApiException.Failure.CONNECTION, 0,
            "connection failed: refused"), Status.FAIL, "cannot reach " + NA, "firewall"));
  }

  @ParameterizedTest
  @MethodSource("failedCalls")
  void aFailedCallSaysWhatTeslaSaidAndWhatToDo(FleetApiException failure, Status status, String said,
      String action) {
    Check check = LiveChecks.callFailed("home", "vehicles", NA, failure);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.group()).isEqualTo(Check.LIVE);
    assertThat(check.detail()).contains(said);
    assertThat(check.action()).contains(action);
  }

  @Test
  void withoutAUsableAccessTokenTheAccountsCallsAreSkipped() {
    assertThat(LiveChecks.notCalled("home", "expired")).extracting(Check::name, Check::status)
        .containsExactly(tuple("users/region", Status.SKIP),
            tuple("vehicles", Status.SKIP));
  }
}
