package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.doctor.Check.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigChecksTest {

  private static final FleetConfig DEFAULTS = ConfigLoader.defaults();

  @Test
  void theShippedDefaultsOnlyLackTheClientOfTheApp() {
    List<Check> checks = ConfigChecks.of(DEFAULTS);
    assertThat(checks).filteredOn(c -> c.status() == Status.FAIL).extracting(Check::name)
        .containsExactly("client id", "client secret");
    assertThat(checks).allSatisfy(c -> assertThat(c.group()).isEqualTo(Check.CONFIG));
    assertThat(checks).filteredOn(c -> !c.ok()).allSatisfy(c -> assertThat(c.action()).isNotBlank());
  }

  @Test
  void theClientSecretIsNeverShown() {
    assertThat(ConfigChecks.clientSecret(Optional.of("s3cr3t-value")).detail()).doesNotContain("s3cr3t-value");
    assertThat(ConfigChecks.clientId(Optional.of("abc-123")).status()).isEqualTo(Status.OK);
    assertThat(ConfigChecks.clientId(Optional.of(" ")).action()).contains("TESLA_CLIENT_ID");
    assertThat(ConfigChecks.clientSecret(Optional.empty()).action()).contains("TESLA_CLIENT_SECRET");
  }

  static Stream<Arguments> redirectUris() {
    return Stream.of(
        Arguments.of("http://localhost:8080/auth/callback", null, Status.OK, "byte for byte"),
        Arguments.of("https://fleet.example.com/auth/callback", "https://fleet.example.com", Status.OK,
            "equal to http.publicUrl"),
        Arguments.of("https://fleet.example.com/auth/callback", "https://fleet.example.com/", Status.OK, "https"),
        Arguments.of("http://fleet.example.com/auth/callback", null, Status.FAIL, "use https://"),
        Arguments.of("/auth/callback", null, Status.FAIL, "not an absolute http(s) URL"),
        Arguments.of("http://localhost:8080/oauth/callback", null, Status.FAIL, "/oauth/callback"),
        Arguments.of("https://other.example.com/auth/callback", "https://fleet.example.com", Status.FAIL,
            "https://fleet.example.com/auth/callback"),
        Arguments.of("https://fleet.example.com:443/auth/callback", "https://fleet.example.com", Status.WARN,
            "spelled differently"),
        Arguments.of("https://FLEET.example.com/auth/callback", "https://fleet.example.com", Status.WARN,
            "byte for byte"));
  }

  @ParameterizedTest
  @MethodSource("redirectUris")
  void redirectUriIsAbsoluteHttpsAndExactlyThePublicCallback(String uri, String publicUrl, Status status,
      String said) {
    List<Check> checks = ConfigChecks.redirectUri(uri, Optional.ofNullable(publicUrl));
    assertThat(checks).extracting(Check::status).contains(status).allMatch(s -> s == status);
    assertThat(checks).anySatisfy(c -> assertThat(c.detail() + " " + c.action()).contains(said));
    if (status != Status.OK) {
      assertThat(checks).allSatisfy(c -> assertThat(c.action()).contains("developer.tesla.com"));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "openid offline_access vehicle_device_data                  | false | OK   | ",
      "openid offline_access vehicle_device_data vehicle_location | true  | OK   | ",
      "openid vehicle_device_data                                  | false | FAIL | offline_access",
      "offline_access vehicle_device_data                          | false | FAIL | openid",
      "openid offline_access                                       | false | FAIL | vehicle_device_data",
      "openid offline_access vehicle_device_data                  | true  | FAIL | vehicle_location"})
  void scopesIncludeARefreshTokenVehicleDataAndLocationWhenAskedFor(String scopes, boolean location,
      Status status, String missing) {
    FleetConfig.Polling polling = location
        ? withEndpoints(Map.of("driving", List.of("drive_state", "location_data")))
        : DEFAULTS.polling();
    Check check = ConfigChecks.scopes(List.of(scopes.split(" ")), polling);
    assertThat(check.status()).isEqualTo(status);
    if (missing != null) {
      assertThat(check.detail()).contains("lacks " + missing);
      assertThat(check.action()).contains("add " + missing).contains("TESLA_SCOPES");
    }
  }

  @Test
  void aMisspelledScopeIsAWarning() {
    assertThat(ConfigChecks.unknownScopes(List.of("openid", "vehicle_data"))).hasValueSatisfying(check -> {
      assertThat(check.status()).isEqualTo(Status.WARN);
      assertThat(check.detail()).contains("vehicle_data");
    });
    assertThat(ConfigChecks.unknownScopes(List.of("openid", "offline_access", "energy_cmds"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token | OK   | Tesla's token endpoint",
      "http://127.0.0.1:18080/oauth2/v3/token                    | OK   | loopback",
      "https://auth.tesla.com/oauth2/v3/token                    | WARN | not reliable",
      "https://tokens.example.com/oauth2/v3/token                | FAIL | would go there",
      "http://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token  | FAIL | in clear",
      "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/token    | FAIL | path is /oauth2/token",
      "fleet-auth.prd.vn.cloud.tesla.com                         | FAIL | not an absolute"})
  void tokenUrlIsTeslasTokenHostOrLoopback(String url, Status status, String said) {
    Check check = ConfigChecks.tokenUrl(url);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.detail()).contains(said);
    if (status != Status.OK) {
      assertThat(check.action()).contains("https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://auth.tesla.com/oauth2/v3/authorize                    | OK",
      "https://auth.tesla.cn/oauth2/v3/authorize                     | OK",
      "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/authorize | OK",
      "http://localhost:18080/oauth2/v3/authorize                    | OK",
      "http://auth.tesla.com/oauth2/v3/authorize                     | FAIL",
      "https://login.example.com/oauth2/v3/authorize                 | FAIL",
      "https://auth.tesla.com/authorize                              | FAIL"})
  void authorizeUrlIsTeslasConsentPageOrLoopback(String url, Status status) {
    assertThat(ConfigChecks.authorizeUrl(url).status()).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://fleet-api.prd.na.vn.cloud.tesla.com  | OK   | region na",
      "https://fleet-api.prd.eu.vn.cloud.tesla.com/ | OK   | region eu",
      "https://fleet-api.prd.cn.vn.cloud.tesla.cn   | OK   | region cn",
      "http://127.0.0.1:18080                       | OK   | loopback",
      "https://fleet-api.prd.na.vn.cloud.tesla.com/api/1 | FAIL | has a path",
      "https://fleet-api.example.com                | FAIL | not one of Tesla's regional hosts",
      "http://fleet-api.prd.na.vn.cloud.tesla.com   | FAIL | not one of Tesla's regional hosts",
      "nowhere                                      | FAIL | not an absolute"})
  void baseUrlIsOneOfTeslasRegionsOrLoopback(String url, Status status, String said) {
    Check check = ConfigChecks.baseUrl(url);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.detail()).contains(said);
    if (status == Status.FAIL) {
      assertThat(check.action()).contains("https://fleet-api.prd.eu.vn.cloud.tesla.com");
    }
  }

  private static FleetConfig.Polling withEndpoints(Map<String, List<String>> endpoints) {
    FleetConfig.Polling p = DEFAULTS.polling();
    return new FleetConfig.Polling(p.listInterval(), p.intervals(), p.idleBeforeSleep(), p.sleepWindow(),
        p.fallsAsleepAfter(), p.allowWake(), endpoints, p.budget(), p.rateLimit(), p.policy());
  }
}
