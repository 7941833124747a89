package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimOAuthFlowTest {

  private SimHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void authorizeAutoConsentsAndRedirectsWithCodeStateAndIssuer() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> redirect = h.authorize("acct-1", Map.of());
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.getHeader("Location");
    assertThat(location).startsWith(h.options.redirectUri() + "?code=");
    Map<String, String> params = SimHarness.query(location);
    assertThat(params).containsEntry("state", "st-123").containsEntry("issuer", h.sim.baseUrl() + "/oauth2/v3");
    assertThat(params.get("code")).isNotBlank();
  }

  @Test
  void authorizeRejectsAnUnregisteredRedirectOrClient() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> badRedirect = h.authorize("acct-1", Map.of("redirect_uri", "http://evil.example/cb"));
    assertThat(badRedirect.statusCode()).isEqualTo(400);
    assertThat(badRedirect.bodyAsJsonObject().getString("error")).isEqualTo("invalid_redirect_url");
    assertThat(h.authorize("acct-1", Map.of("client_id", "someone-else")).statusCode()).isEqualTo(400);
  }

  @Test
  void theCodeExchangeGivesAJwtAccessTokenAndANaRefreshToken() {
    h = SimHarness.start(SimulatorOptions.defaults().withAccounts(2));
    JsonObject tokens = h.login("acct-2");
    assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
    assertThat(tokens.getLong("expires_in")).isEqualTo(28_800);
    assertThat(tokens.getString("refresh_token")).matches("NA_[0-9a-f]{64}");
    assertThat(tokens.getString("id_token")).isNotBlank();
    JsonObject claims = SimHarness.claims(tokens.getString("access_token"));
    assertThat(claims.getString("sub")).isEqualTo("acct-2");
    assertThat(claims.getJsonArray("aud")).isEqualTo(new JsonArray().add(h.sim.baseUrl()));
    assertThat(claims.getJsonArray("scp")).isEqualTo(new JsonArray()
        .add("openid").add("offline_access").add("vehicle_device_data").add("vehicle_location"));
    assertThat(claims.getString("ou_code")).isEqualTo("NA");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(28_800);
    assertThat(claims.getString("iss")).isNotBlank();
    assertThat(claims.getString("jti")).isNotBlank();
    // acct-2's token sees only acct-2's car.
    JsonArray cars = h.get("/api/1/vehicles", tokens.getString("access_token")).bodyAsJsonObject().getJsonArray("response");
    assertThat(cars).hasSize(2);
    assertThat(cars.getJsonObject(0).getString("vin")).isEqualTo(h.sim.vins().get(1));
  }

  @Test
  void aCodeIsSingleUseAndExpiresAfterTenMinutes() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String code = h.code("acct-1", Map.of());
    assertThat(h.exchange(code, h.options.redirectUri(), null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> again = h.exchange(code, h.options.redirectUri(), null);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("invalid_auth_code");
    String late = h.code("acct-1", Map.of());
    h.clock.advance(Duration.ofMinutes(10));
    assertThat(h.exchange(late, h.options.redirectUri(), null).bodyAsJsonObject().getString("error"))
        .isEqualTo("invalid_auth_code");
  }

  @Test
  void theTokenRedirectMustEqualTheAuthorizeOne() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String code = h.code("acct-1", Map.of());
    HttpResponse<Buffer> mismatch = h.exchange(code, h.options.redirectUri() + "/", null);
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "invalid_redirect_url")
        .put("error_description", "The authorize redirect URI and token redirect URI must match."));
    assertThat(h.exchange(code, h.options.redirectUri(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void pkceVerifierMustMatchTheS256Challenge() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String verifier = "a-verifier-of-at-least-forty-three-characters-123456";
    Map<String, String> pkce = Map.of("code_challenge", SimOAuthServer.s256(verifier), "code_challenge_method", "S256");
    String code = h.code("acct-1", pkce);
    HttpResponse<Buffer> wrong = h.exchange(code, h.options.redirectUri(), verifier + "x");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("invalid_grant");
    assertThat(h.exchange(code, h.options.redirectUri(), null).statusCode()).isEqualTo(400);
    assertThat(h.exchange(code, h.options.redirectUri(), verifier).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongClientSecretIs401() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> response = h.tokenForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "authorization_code").add("client_id", h.options.clientId())
        .add("client_secret", "nope").add("code", h.code("acct-1", Map.of()))
        .add("redirect_uri", h.options.redirectUri()));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_client");
  }

  @Test
  void reusedRefreshTokenIsRejectedWithLoginRequired() {
    h = SimHarness.start(SimulatorOptions.defaults());
    JsonObject first = h.login("acct-1");
    HttpResponse<Buffer> refreshed = h.refresh(first.getString("refresh_token"));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    JsonObject second = refreshed.bodyAsJsonObject();
    assertThat(second.getString("refresh_token")).isNotEqualTo(first.getString("refresh_token"));
    assertThat(second.getString("access_token")).isNotEqualTo(first.getString("access_token"));

    HttpResponse<Buffer> reused = h.refresh(first.getString("refresh_token"));
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(reused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "login_required")
        .put("error_description", "The refresh_token is invalid"));
    assertThat(h.refresh(second.getString("refresh_token")).statusCode()).isEqualTo(200);
    JsonObject ledger = h.sim.ledger();
    assertThat(ledger.getLong("refresh_token_reuse")).isEqualTo(1);
    assertThat(ledger.getJsonObject("token_grants")).isEqualTo(new JsonObject().put("authorization_code", 1)
        .put("refresh_token", 2).put("client_credentials", 0));
  }

  @Test
  void aRotatedRefreshTokenIsAcceptedWithinTheGraceWindowAndReturnsTheCurrentPair() {
    h = SimHarness.start(SimulatorOptions.defaults().withRefreshGrace(Duration.ofSeconds(30)));
    JsonObject first = h.login("acct-1");
    JsonObject second = h.refresh(first.getString("refresh_token")).bodyAsJsonObject();
    h.clock.advance(Duration.ofSeconds(20));
    HttpResponse<Buffer> retried = h.refresh(first.getString("refresh_token"));
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.bodyAsJsonObject().getString("refresh_token")).isEqualTo(second.getString("refresh_token"));
    assertThat(retried.bodyAsJsonObject().getString("access_token")).isEqualTo(second.getString("access_token"));
    h.clock.advance(Duration.ofSeconds(11));
    assertThat(h.refresh(first.getString("refresh_token")).bodyAsJsonObject().getString("error"))
        .isEqualTo("login_required");
  }

  @Test
  void aRefreshRevokesTheAccountsEarlierAccessTokens() {
    h = SimHarness.start(SimulatorOptions.defaults());
    JsonObject first = h.login("acct-1");
    JsonObject second = h.refresh(first.getString("refresh_token")).bodyAsJsonObject();
    HttpResponse<Buffer> old = h.get("/api/1/vehicles", first.getString("access_token"));
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(old.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
    assertThat(old.bodyAsJsonObject().getString("error_description")).isNotBlank();
    assertThat(h.get("/api/1/vehicles", second.getString("access_token")).statusCode()).isEqualTo(200);
  }

  @Test
  void keepOldAccessLeavesEarlierAccessTokensValid() {
    h = SimHarness.start(SimulatorOptions.defaults().withKeepOldAccess(true));
    JsonObject first = h.login("acct-1");
    assertThat(h.refresh(first.getString("refresh_token")).statusCode()).isEqualTo(200);
    assertThat(h.get("/api/1/vehicles", first.getString("access_token")).statusCode()).isEqualTo(200);
  }

  @Test
  void clientCredentialsGiveAPartnerTokenWithoutRefreshToken() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> response = h.web.postAbs(h.sim.tokenUrl()).sendJsonObject(new JsonObject()
        .put("grant_type", "client_credentials").put("client_id", h.options.clientId())
        .put("client_secret", h.options.clientSecret()).put("audience", h.sim.baseUrl())).await();
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("access_token")).isNotBlank();
    assertThat(body.containsKey("refresh_token")).isFalse();
    assertThat(h.get("/api/1/users/region", body.getString("access_token")).statusCode()).isEqualTo(200);
    assertThat(h.sim.ledger().getJsonObject("token_grants").getLong("client_credentials")).isEqualTo(1);
  }
}
