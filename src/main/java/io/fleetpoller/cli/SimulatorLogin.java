package io.fleetpoller.cli;

import io.fleetpoller.auth.AuthorizationRequest;
import io.fleetpoller.auth.AuthorizationResponse;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.TokenResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Consent without a person, for the demo and benchmarks: the simulator's authorize page consents at
 * once, so we follow the real Authorization Code flow (state + PKCE, exact redirect URI) by hand,
 * exchange the code and store the tokens.
 */
final class SimulatorLogin {

  private SimulatorLogin() {}

  /** Consents as {@code simulatorUser} and stores the tokens for {@code account}. */
  static Future<TokenRecord> login(Vertx vertx, FleetConfig.Tesla tesla, FleetApiClient api,
      TokenStore store, FleetClock clock, String account, String simulatorUser) {
    return consent(vertx, tesla, api, account, simulatorUser).compose(tokens -> {
      var now = clock.now();
      return store.load(account).compose(existing -> {
        long version = existing.map(TokenRecord::version).orElse(0L);
        return store.compareAndSet(new TokenRecord(account, tokens.refreshToken(), tokens.accessToken(),
            io.fleetpoller.auth.AccessTokenExpiry.of(tokens, now), version, now, 0), version);
      });
    });
  }

  /** Runs the code flow against the simulator as {@code simulatorUser}: the token response. */
  static Future<TokenResponse> consent(Vertx vertx, FleetConfig.Tesla tesla, FleetApiClient api,
      String account, String simulatorUser) {
    var request = AuthorizationRequest.create(account, tesla.authorizeUrl(), tesla.clientId().orElseThrow(),
        tesla.redirectUri(), tesla.scopes());
    WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    return browser.getAbs(request.url() + "&login_hint=" + simulatorUser).send()
        .eventually(() -> { browser.close(); return Future.succeededFuture(); })
        .compose(answer -> {
          String location = answer.getHeader("Location");
          if (answer.statusCode() != 302 || location == null) {
            return Future.failedFuture(new IllegalStateException(
                "the authorize page answered " + answer.statusCode() + " instead of redirecting back"));
          }
          var response = AuthorizationResponse.fromRedirect(location);
          if (response.error().isPresent()) {
            return Future.failedFuture(new IllegalStateException("consent refused: " + response.error().get()));
          }
          if (!response.state().equals(java.util.Optional.of(request.state()))) {
            return Future.failedFuture(new IllegalStateException("the redirect's state does not match the request"));
          }
          return api.exchangeCode(response.code().orElseThrow(), request.pkce().verifier(),
              request.redirectUri(), api.baseUrl());
        });
  }
}
