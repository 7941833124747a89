package io.fleetpoller.testing;

import io.fleetpoller.auth.AuthorizationRequest;
import io.fleetpoller.auth.AuthorizationResponse;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.TokenResponse;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;

/** Gets real tokens from a running simulator through its Authorization Code flow, for tests. */
public final class SimulatorTokens {

  private SimulatorTokens() {}

  /** A fresh token pair for {@code account}, consented with the simulator's default client. */
  public static TokenResponse login(Vertx vertx, FleetSimulator sim, FleetClock clock, String account) {
    SimulatorOptions defaults = SimulatorOptions.defaults();
    var request = AuthorizationRequest.create(account, sim.authorizeUrl(), defaults.clientId(),
        defaults.redirectUri(), List.of("openid", "offline_access", "vehicle_device_data"));
    WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    try {
      String location = browser.getAbs(request.url() + "&login_hint=" + account).send().await().getHeader("Location");
      String code = AuthorizationResponse.fromRedirect(location).code().orElseThrow();
      FleetApiClient api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
          .withClient(defaults.clientId(), defaults.clientSecret()), clock);
      try {
        return api.exchangeCode(code, request.pkce().verifier(), request.redirectUri(), sim.baseUrl()).await();
      } finally {
        api.close();
      }
    } finally {
      browser.close();
    }
  }
}
