package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokenClaimsTest {

  private static String jwt(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  @Test
  void readsTheClaimsThatExplainFailures() {
    var claims = AccessTokenClaims.parse(jwt("""
        {"exp":1767225600,"iat":1767196800,"scp":["openid","offline_access","vehicle_device_data"],
         "aud":["https://fleet-api.prd.na.vn.cloud.tesla.com"],"ou_code":"NA","sub":"u-1"}""")).orElseThrow();

    assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(1767225600));
    assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(1767196800));
    assertThat(claims.scopes()).containsExactly("openid", "offline_access", "vehicle_device_data");
    assertThat(claims.audiences()).containsExactly("https://fleet-api.prd.na.vn.cloud.tesla.com");
    assertThat(claims.region()).contains("NA");
  }

  @Test
  void acceptsAStringAudienceAndSpaceSeparatedScopes() {
    var claims = AccessTokenClaims.parse(jwt("{\"aud\":\"https://a\",\"scp\":\"openid user_data\"}")).orElseThrow();
    assertThat(claims.audiences()).containsExactly("https://a");
    assertThat(claims.scopes()).containsExactly("openid", "user_data");
    assertThat(claims.expiresAt()).isEmpty();
  }

  @Test
  void opaqueOrBrokenTokensGiveNoClaims() {
    assertThat(AccessTokenClaims.parse("opaque-token")).isEmpty();
    assertThat(AccessTokenClaims.parse("a.%%%.c")).isEmpty();
    assertThat(AccessTokenClaims.parse(jwt("[1,2]"))).isEmpty();
    assertThat(AccessTokenClaims.parse(jwt("{\"exp\":\"soon\"}")).orElseThrow().expiresAt()).isEmpty();
    assertThat(AccessTokenClaims.parse(null)).isEmpty();
  }
}
