package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStoreException;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.doctor.Check.Status;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountChecksTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final String NA = "https://fleet-api.prd.na.vn.cloud.tesla.com";
  private static final String EU = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  private static final String REFRESH = "NA_" + "feedface".repeat(8);
  private static final FleetConfig.Tesla TESLA = ConfigLoader.defaults().tesla();

  /** A JWT-shaped access token (unsigned: nothing here checks signatures). */
  static String jwt(List<String> scp, List<String> aud, String ouCode, Instant exp) {
    JsonObject claims = new JsonObject().put("scp", new JsonArray(List.copyOf(scp))).put("aud", new JsonArray(List.copyOf(aud)))
        .put("exp", exp.getEpochSecond()).put("iat", exp.minus(Duration.ofHours(8)).getEpochSecond()).put("sub", "u-1");
    if (ouCode != null) {
      claims.put("ou_code", ouCode);
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  private static TokenRecord record(String access, Instant expiresAt, Instant updatedAt) {
    return new TokenRecord("home", REFRESH, access, expiresAt, 3, updatedAt, 0);
  }

  private static AccessTokenClaims claims(List<String> scp, List<String> aud, String ouCode) {
    return AccessTokenClaims.parse(jwt(scp, aud, ouCode, NOW.plusSeconds(3600))).orElseThrow();
  }

  @Test
  void aHealthyAccountIsGreenAndNoTokenIsPrinted() {
    String access = jwt(TESLA.scopes(), List.of(NA, "https://auth.tesla.com/oauth2/v3/clientinfo"), "NA",
        NOW.plus(Duration.ofHours(7)));
    List<Check> checks = AccountChecks.of(record(access, NOW.plus(Duration.ofHours(7)), NOW.minus(Duration.ofHours(1))),
        Optional.empty(), TESLA, NOW);

    assertThat(checks).extracting(Check::name)
        .containsExactly("decrypts", "consent", "refresh token", "access token", "scopes", "audience", "region");
    assertThat(checks).allSatisfy(c -> {
      assertThat(c.status()).as(c.toString()).isEqualTo(Status.OK);
      assertThat(c.group()).isEqualTo(Check.ACCOUNT);
      assertThat(c.account()).isEqualTo("home");
      assertThat(c.detail() + c.action()).doesNotContain(access).doesNotContain(REFRESH).doesNotContain("feedface");
    });
    assertThat(checks.get(3).detail()).contains("valid until 2026-03-02T19:00:00Z").contains("7h");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "openid offline_access vehicle_device_data                  | openid offline_access vehicle_device_data                  | OK   | ",
      "openid offline_access vehicle_device_data                  | openid offline_access vehicle_device_data vehicle_location | OK   | ",
      "openid offline_access vehicle_device_data vehicle_location | openid offline_access vehicle_device_data                  | FAIL | vehicle_location",
      "openid offline_access vehicle_device_data                  | openid offline_access                                      | FAIL | vehicle_device_data",
      "openid offline_access vehicle_device_data vehicle_location | openid                                                     | FAIL | offline_access vehicle_device_data vehicle_location"})
  void scpMustCoverTheConfiguredScopesAndTheMissingOnesAreNamed(String configured, String scp, Status status,
      String missing) {
    Check check = AccountChecks.scopes("home", claims(List.of(scp.split(" ")), List.of(NA), "NA"),
        List.of(configured.split(" ")));
    assertThat(check.status()).isEqualTo(status);
    if (missing != null) {
      assertThat(check.detail()).startsWith("the token lacks " + missing).contains("its scp is " + scp);
      assertThat(check.action()).contains("token login --account home").contains("grant " + missing);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://fleet-api.prd.na.vn.cloud.tesla.com  | https://fleet-api.prd.na.vn.cloud.tesla.com | OK",
      "https://fleet-api.prd.na.vn.cloud.tesla.com/ | https://FLEET-API.prd.na.vn.cloud.tesla.com | OK",
      "https://fleet-api.prd.eu.vn.cloud.tesla.com  | https://fleet-api.prd.na.vn.cloud.tesla.com | FAIL",
      "http://127.0.0.1:18080                       | http://127.0.0.1:18081                      | FAIL"})
  void audMustIncludeTheBaseUrlInUse(String aud, String baseUrl, Status status) {
    Check check = AccountChecks.audience("home", claims(List.of("openid"), List.of(aud), "NA"), baseUrl);
    assertThat(check.status()).isEqualTo(status);
    if (status == Status.FAIL) {
      assertThat(check.detail()).contains(aud).contains("lacks tesla.apiBaseUrl " + baseUrl);
      assertThat(check.action()).contains("audience " + baseUrl);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NA  | https://fleet-api.prd.na.vn.cloud.tesla.com | OK   | matches",
      "EU  | https://fleet-api.prd.eu.vn.cloud.tesla.com | OK   | matches",
      "CN  | https://fleet-api.prd.cn.vn.cloud.tesla.cn  | OK   | matches",
      "EU  | https://fleet-api.prd.na.vn.cloud.tesla.com | FAIL | https://fleet-api.prd.eu.vn.cloud.tesla.com",
      "NA  | https://fleet-api.prd.eu.vn.cloud.tesla.com | FAIL | https://fleet-api.prd.na.vn.cloud.tesla.com",
      "CN  | https://fleet-api.prd.na.vn.cloud.tesla.com | FAIL | https://fleet-api.prd.cn.vn.cloud.tesla.cn",
      "EU  | http://127.0.0.1:18080                      | SKIP | users/region",
      "XX  | https://fleet-api.prd.na.vn.cloud.tesla.com | WARN | XX",
      "    | https://fleet-api.prd.na.vn.cloud.tesla.com | SKIP | no ou_code"})
  void ouCodeMustMatchTheRegionOfTheBaseUrl(String ouCode, String baseUrl, Status status, String said) {
    Check check = AccountChecks.region("home", claims(List.of("openid"), List.of(baseUrl), ouCode), baseUrl);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.detail()).contains(said);
    if (status == Status.FAIL) {
      assertThat(check.detail()).contains("421");
      assertThat(check.action()).contains("set tesla.apiBaseUrl").contains(said);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1 | OK", "75 | OK", "77 | WARN", "89 | WARN", "90 | FAIL", "200 | FAIL"})
  void refreshTokensOlderThanThreeMonthsAreMostLikelyRefused(int daysAgo, Status status) {
    Check check = AccountChecks.refreshToken(record(null, null, NOW.minus(Duration.ofDays(daysAgo))), NOW);
    assertThat(check.status()).isEqualTo(status);
    assertThat(check.detail()).contains(daysAgo + " days ago");
    if (status != Status.OK) {
      assertThat(check.action()).contains("token login --account home");
    }
  }

  @Test
  void anExpiredOrMissingAccessTokenIsNoFailureWhileARefreshTokenIsThere() {
    String expired = jwt(TESLA.scopes(), List.of(NA), "NA", NOW.minusSeconds(60));
    Check past = AccountChecks.expiry(record(expired, NOW.minusSeconds(60), NOW.minus(Duration.ofHours(9))), NOW);
    assertThat(past.status()).isEqualTo(Status.OK);
    assertThat(past.detail()).contains("expired 2026-03-02T11:59:00Z").contains("will refresh");

    Check none = AccountChecks.expiry(record(null, null, NOW), NOW);
    assertThat(none.status()).isEqualTo(Status.OK);
    assertThat(none.detail()).contains("none yet").contains("will refresh");
  }

  @Test
  void withoutAReadableAccessTokenTheClaimChecksAreSkipped() {
    List<Check> imported = AccountChecks.of(TokenRecord.initial("home", REFRESH, NOW), Optional.empty(), TESLA, NOW);
    assertThat(imported).filteredOn(c -> List.of("scopes", "audience", "region").contains(c.name()))
        .hasSize(3).allSatisfy(c -> {
          assertThat(c.status()).isEqualTo(Status.SKIP);
          assertThat(c.detail()).contains("no access token yet");
        });
    List<Check> opaque = AccountChecks.of(record("opaque-token-value", NOW.plusSeconds(600), NOW), Optional.empty(),
        TESLA, NOW);
    assertThat(opaque).filteredOn(c -> c.name().equals("scopes")).singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("not a JWT").doesNotContain("opaque-token-value"));
  }

  @Test
  void anAccountMarkedNeedsConsentFailsWithTheWayBack() {
    Check check = AccountChecks.consent("home", Optional.of("login_required"));
    assertThat(check.status()).isEqualTo(Status.FAIL);
    assertThat(check.detail()).contains("needs_consent (login_required)");
    assertThat(check.action()).contains("token login --account home").contains("/auth/login?account=home");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CANNOT_DECRYPT | do not decrypt    | tokens.encryptionKey",
      "CORRUPT        | damaged           | backup",
      "IO             | could not be read | reachable"})
  void anUnreadableRecordSaysWhyAndWhatToDo(TokenStoreException.Reason reason, String said, String action) {
    Check check = AccountChecks.unreadable("home", new TokenStoreException(reason, "details"));
    assertThat(check.status()).isEqualTo(Status.FAIL);
    assertThat(check.name()).isEqualTo("decrypts");
    assertThat(check.detail()).contains(said);
    assertThat(check.action()).contains(action);
  }

  @Test
  void anAccountWithNoRecordIsToldHowToLogIn() {
    Check check = AccountChecks.missing("garage");
    assertThat(check.status()).isEqualTo(Status.FAIL);
    assertThat(check.action()).startsWith("log it in").contains("token login --account garage");
  }

  @Test
  void theRegionFailureNamesTheRightBaseUrl() {
    Check check = AccountChecks.region("home", claims(List.of("openid"), List.of(NA), "EU"), NA);
    assertThat(check.detail()).contains("region eu").contains(EU);
  }
}
