package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.ManualClock;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A simulator on a free loopback port with a hand-moved clock, and a plain WebClient to talk to it. */
final class SimHarness implements AutoCloseable {

  static final Instant NIGHT = Instant.parse("2024-01-10T03:00:00Z");

  final Vertx vertx = Vertx.vertx();
  final ManualClock clock;
  final SimulatorOptions options;
  final FleetSimulator sim;
  final WebClient web;

  private SimHarness(SimulatorOptions options, Instant start) {
    this.options = options;
    this.clock = new ManualClock(start);
    this.sim = FleetSimulator.start(vertx, options, clock).await();
    this.web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  static SimHarness start(SimulatorOptions options) {
    return new SimHarness(options, NIGHT);
  }

  static SimHarness start(SimulatorOptions options, Instant at) {
    return new SimHarness(options, at);
  }

  /** Authorize (auto-consent) and return the code from the redirect. */
  String code(String account, Map<String, String> extra) {
    HttpResponse<Buffer> redirect = authorize(account, extra);
    assertThat(redirect.statusCode()).isEqualTo(302);
    return query(redirect.getHeader("Location")).get("code");
  }

  HttpResponse<Buffer> authorize(String account, Map<String, String> extra) {
    HttpRequest<Buffer> request = web.getAbs(sim.authorizeUrl())
        .addQueryParam("response_type", "code")
        .addQueryParam("client_id", options.clientId())
        .addQueryParam("redirect_uri", options.redirectUri())
        .addQueryParam("scope", "openid offline_access vehicle_device_data vehicle_location")
        .addQueryParam("state", "st-123")
        .addQueryParam("login_hint", account);
    extra.forEach(request::setQueryParam);
    return request.send().await();
  }

  /** A full login: authorize and exchange the code; returns the token response. */
  JsonObject login(String account) {
    HttpResponse<Buffer> response = exchange(code(account, Map.of()), options.redirectUri(), null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> exchange(String code, String redirectUri, String verifier) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "authorization_code")
        .add("client_id", options.clientId())
        .add("client_secret", options.clientSecret())
        .add("code", code)
        .add("audience", sim.baseUrl())
        .add("redirect_uri", redirectUri);
    if (verifier != null) {
      form.add("code_verifier", verifier);
    }
    return tokenForm(form);
  }

  HttpResponse<Buffer> refresh(String refreshToken) {
    return tokenForm(MultiMap.caseInsensitiveMultiMap()
        .add("grant_type", "refresh_token")
        .add("client_id", options.clientId())
        .add("refresh_token", refreshToken));
  }

  HttpResponse<Buffer> tokenForm(MultiMap form) {
    return web.postAbs(sim.tokenUrl()).sendForm(form).await();
  }

  HttpResponse<Buffer> get(String path, String accessToken) {
    HttpRequest<Buffer> request = web.getAbs(sim.baseUrl() + path);
    if (accessToken != null) {
      request.bearerTokenAuthentication(accessToken);
    }
    return request.send().await();
  }

  HttpResponse<Buffer> post(String path, String accessToken) {
    HttpRequest<Buffer> request = web.postAbs(sim.baseUrl() + path);
    if (accessToken != null) {
      request.bearerTokenAuthentication(accessToken);
    }
    return request.send().await();
  }

  HttpResponse<Buffer> addFault(JsonObject fault) {
    return web.postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(fault).await();
  }

  JsonArray adminVehicles() {
    return get("/sim/vehicles", null).bodyAsJsonObject().getJsonArray("response");
  }

  JsonObject adminVehicle(String vin) {
    for (Object o : adminVehicles()) {
      JsonObject car = (JsonObject) o;
      if (car.getString("vin").equals(vin)) {
        return car;
      }
    }
    throw new AssertionError("no vehicle " + vin);
  }

  /** The VIN of a car of {@code account} that is asleep now. */
  String asleepVin(String account) {
    for (Object o : adminVehicles()) {
      JsonObject car = (JsonObject) o;
      if (car.getString("account").equals(account) && car.getString("state").equals("asleep")) {
        return car.getString("vin");
      }
    }
    throw new AssertionError("no asleep car in " + adminVehicles().encodePrettily());
  }

  /** Wakes an asleep car and moves the clock until it is online. */
  String onlineVin(String account, String accessToken) {
    String vin = asleepVin(account);
    assertThat(post("/api/1/vehicles/" + vin + "/wake_up", accessToken).statusCode()).isEqualTo(200);
    clock.advance(java.time.Duration.ofSeconds(60));
    assertThat(adminVehicle(vin).getString("state")).isEqualTo("online");
    return vin;
  }

  static Map<String, String> query(String location) {
    Map<String, String> params = new HashMap<>();
    String raw = URI.create(location).getRawQuery();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  static JsonObject claims(String jwt) {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    sim.close().await();
    web.close();
    vertx.close().await();
  }
}
