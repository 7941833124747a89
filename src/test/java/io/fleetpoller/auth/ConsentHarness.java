package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.ManualClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.VehicleSummary;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A simulator on loopback, an encrypted file token store and a {@link ConsentFlow} over them, all on
 * one hand-moved clock; plus a "browser" that does not follow redirects. Shared by the auth, http
 * and cli tests of the login flow.
 */
public final class ConsentHarness implements AutoCloseable {

  public static final Instant START = Instant.parse("2024-01-10T03:00:00Z");
  public static final List<String> ASKED = List.of("openid", "offline_access", "vehicle_device_data", "vehicle_location");
  public static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  public final Vertx vertx;
  public final ManualClock clock = new ManualClock(START);
  public final FleetSimulator sim;
  public final FleetConfig.Tesla tesla;
  public final FileTokenStore store;
  public final TestConsentStates states = new TestConsentStates(clock);
  public final FleetApiClient api;
  public final ConsentFlow flow;
  public final List<String> consented = new ArrayList<>();
  public final WebClient browser;

  private ConsentHarness(Vertx vertx, String redirectUri, List<String> granted, Path dir) {
    this.vertx = vertx;
    SimulatorOptions options = SimulatorOptions.defaults().withRedirectUri(redirectUri).withGrantedScopes(granted);
    this.sim = FleetSimulator.start(vertx, options, clock).await();
    this.tesla = tesla(sim, redirectUri, options.clientId(), options.clientSecret());
    this.store = FileTokenStore.open(vertx, dir.resolve("tokens.enc"), TokenCipher.fromBase64Key(KEY)).await();
    this.api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(options.clientId(), options.clientSecret()), clock);
    this.flow = new ConsentFlow(tesla, api, store, states, clock, account -> {
      consented.add(account);
      return Future.succeededFuture();
    });
    this.browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  /** All of {@link #ASKED} granted. */
  public static ConsentHarness start(Vertx vertx, String redirectUri, Path dir) {
    return new ConsentHarness(vertx, redirectUri, ASKED, dir);
  }

  public static ConsentHarness start(Vertx vertx, String redirectUri, List<String> granted, Path dir) {
    return new ConsentHarness(vertx, redirectUri, granted, dir);
  }

  public static FleetConfig.Tesla tesla(FleetSimulator sim, String redirectUri, String clientId, String secret) {
    return new FleetConfig.Tesla(Optional.of(clientId), Optional.of(secret), redirectUri, ASKED,
        sim.authorizeUrl(), sim.tokenUrl(), sim.baseUrl(), Duration.ofSeconds(30), 2L * 1024 * 1024);
  }

  /** Opens an authorize URL; the simulator consents and redirects: returns where it sends the browser. */
  public String consentAt(String authorizeUrl) {
    HttpResponse<Buffer> answer = browser.getAbs(authorizeUrl).send().await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(302);
    return answer.getHeader("Location");
  }

  /** The vehicles the stored access token of {@code account} sees on the simulator. */
  public List<VehicleSummary> vehiclesOf(String account) {
    TokenRecord record = store.load(account).await().orElseThrow();
    return api.listVehicles(new BearerToken(record.accessToken())).await();
  }

  @Override
  public void close() {
    browser.close();
    api.close();
    store.close().await();
    sim.close().await();
  }
}
