package io.fleetpoller.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpoller.clock.ManualClock;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.fleetapi.FakeFleetServer.Received;
import io.fleetpoller.fleetapi.FleetApiException.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FleetApiClientTest {

  static final String ACCESS = "eyJhbGciOiJSUzI1NiJ9.access-token-value.sig";
  static final BearerToken TOKEN = new BearerToken(ACCESS);
  static final String CLIENT_SECRET = "ta-secret.client-secret-value";
  static final String REFRESH = "NA_refresh-token-value-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  Vertx vertx;
  FakeFleetServer fake;
  ManualClock clock;
  List<ApiCall> calls;
  FleetApiClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeFleetServer.start(vertx);
    clock = new ManualClock(Instant.parse("2026-01-20T10:00:00Z"));
    calls = new CopyOnWriteArrayList<>();
    client = client(options());
  }

  @AfterEach
  void stop() {
    client.close();
    vertx.close().await();
  }

  FleetApiOptions options() {
    return FleetApiOptions.of(fake.url(), fake.url() + "/oauth2/v3/token")
        .withClient("client-id-1", CLIENT_SECRET)
        .withListener(calls::add)
        .withRequestTimeout(Duration.ofSeconds(5));
  }

  FleetApiClient client(FleetApiOptions options) {
    return FleetApiClient.create(vertx, options, clock);
  }

  static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    return fail("expected the call to fail");
  }

  static FleetApiException apiFailure(Future<?> future) throws Exception {
    Throwable cause = failure(future);
    assertThat(cause).isInstanceOf(FleetApiException.class);
    return (FleetApiException) cause;
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("condition not met within 5 s");
      }
      Thread.sleep(10);
    }
  }

  static String resource(String name) {
    return new String(FleetApiParserTest.resource(name), StandardCharsets.UTF_8);
  }

  static String vehicleJson(int id, String state) {
    return "{\"id\":" + id + ",\"vehicle_id\":" + (id + 9) + ",\"vin\":\"VIN" + id + "\",\"display_name\":\"Car " + id
        + "\",\"state\":\"" + state + "\",\"in_service\":false,\"id_s\":\"" + id + "\"}";
  }

  // ---- requests and parsing

  @Test
  void listVehiclesFollowsPaginationAcrossThreePages() throws Exception {
    fake.answer(req -> {
      int page = Integer.parseInt(req.getParam("page"));
      String next = page < 3 ? String.valueOf(page + 1) : "null";
      FakeFleetServer.json(req.response(), "{\"response\":[" + vehicleJson(page * 10 + 1, "online") + ","
          + vehicleJson(page * 10 + 2, "asleep") + "],\"pagination\":{\"previous\":null,\"next\":" + next
          + ",\"current\":" + page + ",\"per_page\":100,\"count\":6,\"pages\":3},\"count\":6}");
    });

    List<VehicleSummary> vehicles = result(client.listVehicles(TOKEN));

    assertThat(vehicles).extracting(VehicleSummary::vehicleId).containsExactly("11", "12", "21", "22", "31", "32");
    assertThat(vehicles.get(1)).isEqualTo(new VehicleSummary(12, "12", "VIN12", "Car 12", VehicleOnlineState.ASLEEP,
        false));
    assertThat(fake.received).extracting(Received::uri).containsExactly(
        "/api/1/vehicles?page=1&per_page=100", "/api/1/vehicles?page=2&per_page=100",
        "/api/1/vehicles?page=3&per_page=100");
    assertThat(calls).hasSize(3).allSatisfy(call -> {
      assertThat(call.kind()).isEqualTo(ApiCallKind.LIST);
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.vehicleId()).isNull();
      assertThat(call.error()).isNull();
    });
  }

  @Test
  void everyRequestCarriesTheBearerTokenUserAgentAndAcceptHeaders() throws Exception {
    fake.answerJson(200, "{\"response\":{\"region\":\"na\",\"fleet_api_base_url\":\"https://na.example\"}}");

    UserRegion region = result(client.userRegion(TOKEN));

    assertThat(region).isEqualTo(new UserRegion("na", "https://na.example"));
    Received request = fake.only();
    assertThat(request.path()).isEqualTo("/api/1/users/region");
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer " + ACCESS);
    assertThat(request.headers().get("User-Agent")).matches("fleet-poller/\\S+");
    assertThat(request.headers().get("Accept")).isEqualTo("application/json");
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.kind()).isEqualTo(ApiCallKind.REGION);
      assertThat(call.status()).isEqualTo(200);
    });
  }

  @Test
  void vehicleDataSendsTheEndpointsAsOneEncodedSemicolonList() throws Exception {
    fake.answerJson(200, resource("vehicle_data.json"));

    VehicleData data = result(client.vehicleData(TOKEN, "1234",
        Set.of(VehicleDataEndpoint.VEHICLE_STATE, VehicleDataEndpoint.CHARGE_STATE, VehicleDataEndpoint.DRIVE_STATE)));

    Received request = fake.only();
    assertThat(request.uri())
        .isEqualTo("/api/1/vehicles/1234/vehicle_data?endpoints=charge_state%3Bdrive_state%3Bvehicle_state");
    assertThat(request.endpointsParam()).isEqualTo("charge_state;drive_state;vehicle_state");
    assertThat(data.charge().batteryLevel()).isEqualTo(77);
    assertThat(data.vehicle().odometerMiles()).isEqualTo(6481.019282);
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.kind()).isEqualTo(ApiCallKind.VEHICLE_DATA);
      assertThat(call.vehicleId()).isEqualTo("1234");
      assertThat(call.status()).isEqualTo(200);
    });
  }

  @Test
  void vehicleDataWithNoEndpointsSendsNoParameter() throws Exception {
    fake.answerJson(200, resource("vehicle_data.json"));

    result(client.vehicleData(TOKEN, "1234", Set.of()));

    assertThat(fake.only().uri()).isEqualTo("/api/1/vehicles/1234/vehicle_data");
  }

  @Test
  void vehicleIdsAreEncodedAsOnePathSegment() throws Exception {
    fake.answerJson(200, "{\"response\":" + vehicleJson(5, "offline") + "}");

    VehicleSummary vehicle = result(client.vehicle(TOKEN, "5YJ 3/x?y"));

    assertThat(fake.only().uri()).isEqualTo("/api/1/vehicles/5YJ%203%2Fx%3Fy");
    assertThat(vehicle.state()).isEqualTo(VehicleOnlineState.OFFLINE);
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::vehicleId)
        .containsExactly(ApiCallKind.VEHICLE, "5YJ 3/x?y");
  }

  @Test
  void wakeUpIsAPostThatReturnsTheVehicle() throws Exception {
    fake.answerJson(200, "{\"response\":" + vehicleJson(7, "asleep") + "}");

    VehicleSummary vehicle = result(client.wakeUp(TOKEN, "LRWXF7EK4KC700000"));

    Received request = fake.only();
    assertThat(request.method().name()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/api/1/vehicles/LRWXF7EK4KC700000/wake_up");
    assertThat(request.headers().get("Authorization")).isEqualTo("Bearer " + ACCESS);
    assertThat(vehicle.id()).isEqualTo(7);
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::status)
        .containsExactly(ApiCallKind.WAKE_UP, 200);
  }

  @Test
  void withBaseUrlSendsToTheOtherRegion() throws Exception {
    FakeFleetServer eu = FakeFleetServer.start(vertx).answerJson(200, "{\"response\":" + vehicleJson(8, "online") + "}");

    FleetApiClient euClient = client.withBaseUrl(eu.url() + "/");
    result(euClient.vehicle(TOKEN, "8"));

    assertThat(euClient.baseUrl()).isEqualTo(eu.url());
    assertThat(client.baseUrl()).isEqualTo(fake.url());
    assertThat(eu.only().uri()).isEqualTo("/api/1/vehicles/8");
    assertThat(fake.received).isEmpty();
    assertThat(calls).hasSize(1);
  }

  @Test
  void withListenerTellsOnlyTheNewListener() throws Exception {
    fake.answerJson(200, "{\"response\":" + vehicleJson(8, "online") + "}");
    List<ApiCall> accountCalls = new CopyOnWriteArrayList<>();

    result(client.withListener(accountCalls::add).vehicle(TOKEN, "8"));

    assertThat(accountCalls).singleElement().satisfies(call -> assertThat(call.vehicleId()).isEqualTo("8"));
    assertThat(calls).isEmpty();
  }

  @Test
  void latencyIsMeasuredOnTheFleetClock() throws Exception {
    fake.answer(req -> {
      clock.advance(Duration.ofSeconds(3));
      FakeFleetServer.json(req.response(), "{\"response\":" + vehicleJson(9, "online") + "}");
    });

    result(client.vehicle(TOKEN, "9"));

    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.latency()).isEqualTo(Duration.ofSeconds(3));
      assertThat(call.at()).isEqualTo(Instant.parse("2026-01-20T10:00:00Z"));
    });
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheCall() throws Exception {
    fake.answerJson(200, "{\"response\":" + vehicleJson(9, "online") + "}");
    FleetApiClient throwing = client(options().withListener(call -> {
      throw new IllegalStateException("listener bug");
    }));

    assertThat(result(throwing.vehicle(TOKEN, "9")).id()).isEqualTo(9);
  }

  // ---- Tesla's error answers

  static Stream<String> sampleErrorKeys() throws IOException {
    List<String> keys = new ArrayList<>();
    JSON.readTree(FleetApiParserTest.resource("errors.json")).fieldNames().forEachRemaining(keys::add);
    return keys.stream();
  }

  @ParameterizedTest
  @MethodSource("sampleErrorKeys")
  void everyNonSuccessStatusBecomesAFleetApiExceptionWithTeslasFields(String key) throws Exception {
    JsonNode body = JSON.readTree(FleetApiParserTest.resource("errors.json")).get(key);
    int status = Integer.parseInt(key.substring(0, 3));
    fake.answerJson(status, body.toString());

    FleetApiException e = apiFailure(client.vehicleData(TOKEN, "1234", EnumSet.of(VehicleDataEndpoint.CHARGE_STATE)));

    String txid = body.hasNonNull("txid") ? body.get("txid").asText()
        : body.hasNonNull("referenceID") ? body.get("referenceID").asText() : null;
    assertThat(e.failure()).isEqualTo(Failure.HTTP_STATUS);
    assertThat(e.isTransportFailure()).isFalse();
    assertThat(e.kind()).isEqualTo(ApiCallKind.VEHICLE_DATA);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.error()).isEqualTo(body.get("error").asText());
    assertThat(e.errorDescription()).isEqualTo(body.path("error_description").textValue());
    assertThat(e.txid()).isEqualTo(txid);
    assertThat(e.getMessage()).contains(String.valueOf(status)).contains(body.get("error").asText())
        .doesNotContain(ACCESS);
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.status()).isEqualTo(status);
      assertThat(call.error()).isEqualTo(body.get("error").asText());
    });
  }

  @Test
  void aRateLimitedAnswerCarriesRetryAfterAndTheRateLimitHeaders() throws Exception {
    fake.answer(req -> FakeFleetServer.json(req.response().setStatusCode(429)
            .putHeader("Retry-After", "12")
            .putHeader("RateLimit-Limit", "60")
            .putHeader("RateLimit-Remaining", "0")
            .putHeader("X-RateLimit-Reset", "12"),
        "{\"response\":null,\"error\":\"Retry in 37 seconds\",\"error_description\":\"\"}"));

    FleetApiException e = apiFailure(client.vehicle(TOKEN, "1"));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(e.rateLimitHeaders()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ratelimit-limit", "60", "ratelimit-remaining", "0", "x-ratelimit-reset", "12"));
  }

  @Test
  void aRateLimitedAnswerWithoutRetryAfterUsesTheBodysSeconds() throws Exception {
    fake.answerJson(429, "{\"response\":null,\"error\":\"Retry in 37 seconds\",\"error_description\":\"\"}");

    FleetApiException e = apiFailure(client.vehicle(TOKEN, "1"));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(37));
    assertThat(e.rateLimitHeaders()).isEmpty();
  }

  @Test
  void anEmpty401HasNoTeslaError() throws Exception {
    fake.answer(req -> req.response().setStatusCode(401).end());

    FleetApiException e = apiFailure(client.listVehicles(TOKEN));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.error()).isNull();
    assertThat(e.txid()).isNull();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::status, ApiCall::error)
        .containsExactly(ApiCallKind.LIST, 401, null);
  }

  @Test
  void aNonJsonErrorPageStillGivesTheStatus() throws Exception {
    fake.answer(req -> req.response().setStatusCode(502).putHeader("Content-Type", "text/html")
        .end("<html>Bad Gateway</html>"));

    FleetApiException e = apiFailure(client.vehicle(TOKEN, "1"));

    assertThat(e.failure()).isEqualTo(Failure.HTTP_STATUS);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.error()).isNull();
  }

  @Test
  void aServerThatEchoesTheTokenHasItScrubbed() throws Exception {
    fake.answerJson(401, "{\"error\":\"invalid bearer token " + ACCESS + "\",\"error_description\":\"" + ACCESS + "\"}");

    FleetApiException e = apiFailure(client.vehicle(TOKEN, "1"));

    assertThat(e.error()).isEqualTo("invalid bearer token ***");
    assertThat(e.getMessage()).doesNotContain(ACCESS);
    assertThat(calls.get(0).error()).doesNotContain(ACCESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"response\":null}", "<html>oops " + ACCESS + "</html>", ""})
  void aSuccessWithAnUnusableBodyIsMalformed(String body) throws Exception {
    fake.answer(req -> req.response().setStatusCode(200).end(body));

    FleetApiException e = apiFailure(client.vehicleData(TOKEN, "1", Set.of()));

    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_BODY);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).doesNotContain(ACCESS).doesNotContain("oops");
    assertThat(calls).singleElement().extracting(ApiCall::status).isEqualTo(200);
  }

  // ---- bounds and transport failures

  static final long FIVE_MIB = 5L * 1024 * 1024;

  @Test
  void aChunkedBodyOverTheLimitIsAbandonedWhileStreaming() throws Exception {
    fake.answer(req -> {
      req.response().setChunked(true).putHeader("Content-Type", "application/json");
      fake.stream(req.response(), FIVE_MIB);
    });

    FleetApiException e = apiFailure(client.vehicleData(TOKEN, "1", Set.of()));

    assertThat(e.failure()).isEqualTo(Failure.BODY_TOO_LARGE);
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.getMessage()).contains("response body exceeds the 2097152-byte limit");
    await(fake.connectionClosed::get);
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.error()).contains("2097152-byte limit");
    });
  }

  @Test
  void aBodyWhoseContentLengthIsOverTheLimitIsRefusedBeforeReading() throws Exception {
    fake.answer(req -> {
      req.response().putHeader("Content-Length", String.valueOf(FIVE_MIB)).putHeader("Content-Type", "application/json");
      fake.stream(req.response(), FIVE_MIB);
    });

    FleetApiException e = apiFailure(client.vehicleData(TOKEN, "1", Set.of()));

    assertThat(e.failure()).isEqualTo(Failure.BODY_TOO_LARGE);
    assertThat(e.getMessage()).contains("response body exceeds the 2097152-byte limit");
    await(fake.connectionClosed::get);
  }

  @Test
  void theLimitIsConfigurableAndABodyAtTheLimitIsRead() throws Exception {
    String body = "{\"response\":" + vehicleJson(3, "online") + "}";
    fake.answerJson(200, body);
    FleetApiClient exact = client(options().withMaxResponseBytes(body.length()));
    FleetApiClient tooSmall = client(options().withMaxResponseBytes(body.length() - 1));

    assertThat(result(exact.vehicle(TOKEN, "3")).id()).isEqualTo(3);
    assertThat(apiFailure(tooSmall.vehicle(TOKEN, "3")).failure()).isEqualTo(Failure.BODY_TOO_LARGE);
  }

  @Test
  void aServerThatNeverAnswersTimesOutAfterTheRequestTimeout() throws Exception {
    fake.answer(req -> { /* never answers */ });
    // Real time even on a fast clock: the network does not speed up with simulated time.
    ManualClock fast = new ManualClock(Instant.parse("2026-01-20T10:00:00Z"), 1000);
    FleetApiClient timing = FleetApiClient.create(vertx, options().withRequestTimeout(Duration.ofMillis(300)), fast);

    FleetApiException e = apiFailure(timing.vehicle(TOKEN, "1"));

    assertThat(e.failure()).isEqualTo(Failure.TIMEOUT);
    assertThat(e.status()).isZero();
    assertThat(e.isTransportFailure()).isTrue();
    assertThat(e.getMessage()).contains("within 300 ms");
    await(fake.connectionClosed::get);
    assertThat(calls).singleElement().satisfies(call -> {
      assertThat(call.status()).isZero();
      assertThat(call.error()).contains("no complete answer");
    });
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsAConnectionFailure() throws Exception {
    fake.answer(req -> req.connection().close());

    FleetApiException e = apiFailure(client.vehicle(TOKEN, "1"));

    assertThat(e.failure()).isEqualTo(Failure.CONNECTION);
    assertThat(e.status()).isZero();
    assertThat(e.isTransportFailure()).isTrue();
    assertThat(calls).singleElement().extracting(ApiCall::status).isEqualTo(0);
  }

  @Test
  void aRefusedConnectionIsAConnectionFailure() throws Exception {
    FakeFleetServer gone = FakeFleetServer.start(vertx);
    String url = gone.url();
    vertx.close().await();
    vertx = Vertx.vertx();
    FleetApiClient refused = FleetApiClient.create(vertx, options().withApiBaseUrl(url), clock);

    FleetApiException e = apiFailure(refused.userRegion(TOKEN));

    assertThat(e.failure()).isEqualTo(Failure.CONNECTION);
    assertThat(e.getMessage()).doesNotContain(ACCESS);
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::status)
        .containsExactly(ApiCallKind.REGION, 0);
  }

  // ---- token endpoint

  static final String TOKEN_BODY = "{\"access_token\":\"eyJ.new-access\",\"refresh_token\":\"NA_new-refresh\","
      + "\"id_token\":\"eyJ.id\",\"expires_in\":28800,\"token_type\":\"Bearer\",\"scope\":\"openid offline_access\"}";

  static List<Map.Entry<String, String>> form(String body) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String pair : body.split("&")) {
      String[] parts = pair.split("=", 2);
      fields.add(Map.entry(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8)));
    }
    return fields;
  }

  @Test
  void exchangeCodePostsTheAuthorizationCodeForm() throws Exception {
    fake.answerJson(200, TOKEN_BODY);

    TokenResponse token = result(client.exchangeCode("code-123", "verifier-abc", "http://localhost:8080/auth/callback",
        "https://fleet-api.prd.na.vn.cloud.tesla.com"));

    Received request = fake.only();
    assertThat(request.method().name()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/oauth2/v3/token");
    assertThat(request.headers().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.headers().get("Authorization")).isNull();
    assertThat(form(request.body())).containsExactly(
        Map.entry("grant_type", "authorization_code"),
        Map.entry("client_id", "client-id-1"),
        Map.entry("client_secret", CLIENT_SECRET),
        Map.entry("code", "code-123"),
        Map.entry("code_verifier", "verifier-abc"),
        Map.entry("redirect_uri", "http://localhost:8080/auth/callback"),
        Map.entry("audience", "https://fleet-api.prd.na.vn.cloud.tesla.com"));
    assertThat(token).isEqualTo(new TokenResponse("eyJ.new-access", "NA_new-refresh", "eyJ.id", Duration.ofHours(8),
        "Bearer", List.of("openid", "offline_access")));
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::status)
        .containsExactly(ApiCallKind.TOKEN, 200);
  }

  @Test
  void exchangeCodeWithoutAVerifierSendsNoCodeVerifier() throws Exception {
    fake.answerJson(200, TOKEN_BODY);

    result(client.exchangeCode("code-123", null, "http://localhost:8080/auth/callback", "https://aud"));

    assertThat(form(fake.only().body())).extracting(Map.Entry::getKey)
        .containsExactly("grant_type", "client_id", "client_secret", "code", "redirect_uri", "audience");
  }

  @Test
  void refreshPostsTheRefreshTokenFormWithoutTheSecret() throws Exception {
    fake.answerJson(200, TOKEN_BODY);

    TokenResponse token = result(client.refresh(REFRESH));

    assertThat(form(fake.only().body())).containsExactly(
        Map.entry("grant_type", "refresh_token"),
        Map.entry("client_id", "client-id-1"),
        Map.entry("refresh_token", REFRESH));
    assertThat(token.refreshToken()).isEqualTo("NA_new-refresh");
  }

  @Test
  void clientCredentialsPostsThePartnerForm() throws Exception {
    fake.answerJson(200, "{\"access_token\":\"eyJ.partner\",\"expires_in\":28800,\"token_type\":\"Bearer\"}");

    TokenResponse token = result(client.clientCredentials("openid vehicle_device_data", "https://aud"));

    assertThat(form(fake.only().body())).containsExactly(
        Map.entry("grant_type", "client_credentials"),
        Map.entry("client_id", "client-id-1"),
        Map.entry("client_secret", CLIENT_SECRET),
        Map.entry("scope", "openid vehicle_device_data"),
        Map.entry("audience", "https://aud"));
    assertThat(token.refreshToken()).isNull();
  }

  @Test
  void aReusedRefreshTokenFailsWithLoginRequiredAndNoSecretInTheMessage() throws Exception {
    fake.answerJson(401, "{\"error\":\"login_required\",\"error_description\":\"The refresh_token " + REFRESH
        + " is invalid\",\"referenceID\":\"0a1b2c3d\"}");

    FleetApiException e = apiFailure(client.refresh(REFRESH));

    assertThat(e.kind()).isEqualTo(ApiCallKind.TOKEN);
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.error()).isEqualTo("login_required");
    assertThat(e.txid()).isEqualTo("0a1b2c3d");
    assertThat(e.errorDescription()).isEqualTo("The refresh_token *** is invalid");
    assertThat(e.getMessage()).doesNotContain(REFRESH).doesNotContain(CLIENT_SECRET);
    assertThat(calls).singleElement().extracting(ApiCall::kind, ApiCall::status, ApiCall::error)
        .containsExactly(ApiCallKind.TOKEN, 401, "login_required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid_auth_code", "invalid_redirect_url"})
  void aRejectedCodeExchangeCarriesTeslasError(String error) throws Exception {
    fake.answerJson(400, "{\"error\":\"" + error + "\",\"error_description\":\"no\"}");

    FleetApiException e = apiFailure(client.exchangeCode("code-xyz-123", "verifier-xyz", "http://x/cb", "https://aud"));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.getMessage()).doesNotContain("code-xyz-123").doesNotContain("verifier-xyz")
        .doesNotContain(CLIENT_SECRET);
  }

  @Test
  void aTokenAnswerWithoutAnAccessTokenIsMalformedAndNotQuoted() throws Exception {
    fake.answerJson(200, "{\"refresh_token\":\"NA_leaked\"}");

    FleetApiException e = apiFailure(client.refresh(REFRESH));

    assertThat(e.failure()).isEqualTo(Failure.MALFORMED_BODY);
    assertThat(e.getMessage()).doesNotContain("NA_leaked");
  }

  @Test
  void tokenCallsWithoutAClientIdFailNamingTheConfigKey() throws Exception {
    FleetApiClient noClient = client(FleetApiOptions.of(fake.url(), fake.url() + "/token").withListener(calls::add));

    assertThat(failure(noClient.refresh(REFRESH))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tesla.clientId");
    assertThat(failure(noClient.exchangeCode("c", null, "http://x", "https://aud")))
        .hasMessageContaining("tesla.clientId");
    assertThat(fake.received).isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void grantsThatNeedTheSecretFailWithoutIt() throws Exception {
    fake.answerJson(200, TOKEN_BODY);
    FleetApiClient noSecret = client(options().withClient("client-id-1", null));

    assertThat(failure(noSecret.clientCredentials(null, "https://aud"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tesla.clientSecret");
    assertThat(failure(noSecret.exchangeCode("c", null, "http://x", "https://aud")))
        .hasMessageContaining("tesla.clientSecret");
    assertThat(result(noSecret.refresh(REFRESH)).accessToken()).isEqualTo("eyJ.new-access");
  }

  // ---- arguments and redaction

  @Test
  void blankVehicleIdsAndNullTokensAreRejectedAtOnce() {
    assertThatThrownBy(() -> client.vehicle(TOKEN, " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.listVehicles(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new BearerToken(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BearerToken(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsASecret() {
    TokenResponse token = new TokenResponse(ACCESS, REFRESH, "eyJ.id-token", Duration.ofHours(8), "Bearer",
        List.of("openid"));

    assertThat(TOKEN.toString()).isEqualTo("BearerToken[***]");
    assertThat(token.toString()).doesNotContain(ACCESS).doesNotContain(REFRESH).doesNotContain("eyJ.id-token")
        .contains("PT8H").contains("openid");
    assertThat(options().toString()).doesNotContain(CLIENT_SECRET).contains("client-id-1");
  }
}
