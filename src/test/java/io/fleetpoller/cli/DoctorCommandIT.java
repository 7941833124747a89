package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} against the simulator: one setup with three faults (a redirect URI the app did not
 * register, an account whose token lacks a configured scope, an account of another region) and one
 * healthy setup.
 */
class DoctorCommandIT {

  private static final String EU_BASE_URL = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  private static final List<String> POLLING_SCOPES = List.of("openid", "offline_access", "vehicle_device_data");
  private static final List<String> WITH_LOCATION =
      List.of("openid", "offline_access", "vehicle_device_data", "vehicle_location");

  @TempDir static Path dir;
  static Vertx vertx;
  static FleetSimulator sim;
  static Path broken;
  static Path healthy;

  @BeforeAll
  static void simulatorWithStoredAccounts() throws Exception {
    vertx = Vertx.vertx();
    // The system clock: doctor compares token expiry with the real time.
    sim = FleetSimulator.start(vertx, SimulatorOptions.defaults().withAccounts(2).withVehicles(4),
        FleetClock.system()).await();
    sim.accountRegion("acct-2", "eu"); // before its login, so its token says ou_code EU
    FleetConfig base = DemoCommand.demoConfig(ConfigLoader.load(vertx, Optional.empty(), Map.of()).await(), sim, dir);
    String key = TokenCipher.randomBase64Key();

    Path brokenTokens = dir.resolve("broken-tokens.enc");
    login(base, brokenTokens, key, "acct-1", POLLING_SCOPES); // consented before vehicle_location was wanted
    login(base, brokenTokens, key, "acct-2", WITH_LOCATION);
    broken = config("broken.yaml", brokenTokens, key, "http://localhost:8080/oauth/callback", WITH_LOCATION);

    Path healthyTokens = dir.resolve("healthy-tokens.enc");
    login(base, healthyTokens, key, "acct-1", POLLING_SCOPES);
    healthy = config("healthy.yaml", healthyTokens, key, SimulatorOptions.defaults().redirectUri(), POLLING_SCOPES);
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void aWrongRedirectUriAMissingScopeAndAWrongRegionAreAllNamedAndExitIsOne() {
    var result = CommandLineTest.run("doctor", "--config", broken.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(Main.EXIT_FAILURE);
    List<String> failing = result.out().lines().filter(line -> line.startsWith("FAIL")).toList();
    assertThat(failing).anySatisfy(line -> assertThat(line)
        .contains("config", "redirect URI", "/oauth/callback", "developer.tesla.com"));
    assertThat(failing).as("the simulator's authorize page refuses the unregistered redirect URI")
        .anySatisfy(line -> assertThat(line).contains("authorize redirect URI", "invalid_redirect_url"));
    assertThat(failing).anySatisfy(line -> assertThat(line)
        .contains("account acct-1", "scopes", "lacks vehicle_location", "token login --account acct-1"));
    assertThat(failing).anySatisfy(line -> assertThat(line)
        .contains("live acct-2", "users/region", "region eu", EU_BASE_URL, "set tesla.apiBaseUrl"));
    assertThat(failing).anySatisfy(line -> assertThat(line).contains("live acct-2", "vehicles", "421", EU_BASE_URL));
    assertThat(failing).as("acct-1 is in the simulator's region and acct-2 has every scope")
        .noneSatisfy(line -> assertThat(line).contains("acct-1", "region"))
        .noneSatisfy(line -> assertThat(line).contains("account acct-2", "scopes"));
    assertThat(result.out()).contains("OK    live acct-1").containsPattern("vehicles: the vehicle list answers: \\d+ vehicle");
    assertThat(result.out() + result.err()).as("no access token (a JWT) and no refresh token is printed")
        .doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}").doesNotContainPattern("NA_[0-9a-f]{16,}");
  }

  @Test
  void aHealthySetupIsAllGreenAndExitsZero() {
    var result = CommandLineTest.run("doctor", "--config", healthy.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(result.out()).doesNotContain("FAIL").contains("all green")
        .contains("users/region: region na, served by tesla.apiBaseUrl " + sim.baseUrl())
        .contains("client credentials: the token endpoint accepts")
        .contains("authorize redirect URI: the authorize page takes client id");
    assertThat(result.out()).as("no colour codes when the output is not a terminal").doesNotContain("\u001B[");
  }

  @Test
  void jsonIsOneDocumentThatMatchesTheTextReport() throws Exception {
    var text = CommandLineTest.run("doctor", "--config", broken.toString());
    var json = CommandLineTest.run("doctor", "--config", broken.toString(), "--json");

    assertThat(json.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertThat(root.get("ok").asBoolean()).isFalse();
    List<JsonNode> checks = new ArrayList<>();
    root.get("checks").forEach(checks::add);
    assertThat(checks).allSatisfy(check -> assertThat(check.fieldNames()).toIterable()
        .contains("group", "name", "ok", "detail", "action"));
    assertThat(checks).anySatisfy(check -> {
      assertThat(check.get("group").asText()).isEqualTo("account");
      assertThat(check.get("account").asText()).isEqualTo("acct-1");
      assertThat(check.get("name").asText()).isEqualTo("scopes");
      assertThat(check.get("ok").asBoolean()).isFalse();
      assertThat(check.get("detail").asText()).contains("vehicle_location");
      assertThat(check.get("action").asText()).isNotEmpty();
    });
    assertThat(checks).anySatisfy(check -> {
      assertThat(check.get("group").asText()).isEqualTo("live");
      assertThat(check.get("name").asText()).isEqualTo("users/region");
      assertThat(check.get("ok").asBoolean()).isFalse();
      assertThat(check.get("detail").asText()).contains(EU_BASE_URL);
    });
    // The same checks, in the same order, as the text report's lines.
    List<String> lines = text.out().lines().filter(l -> l.matches("^(OK|WARN|FAIL|SKIP) .*")).toList();
    assertThat(lines).hasSameSizeAs(checks);
    for (int i = 0; i < checks.size(); i++) {
      JsonNode check = checks.get(i);
      assertThat(withoutTimeLeft(lines.get(i))).startsWith(check.get("status").asText().toUpperCase())
          .contains(check.get("name").asText() + ": " + withoutTimeLeft(check.get("detail").asText()));
      assertThat(check.get("ok").asBoolean()).isEqualTo(!lines.get(i).startsWith("FAIL"));
    }
  }

  @Test
  void offlineJudgesConfigAndStoreWithoutCallingAnything() {
    long callsBefore = apiCalls();
    var result = CommandLineTest.run("doctor", "--config", broken.toString(), "--offline");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.out()).contains("lacks vehicle_location").contains("live checks skipped (--offline)")
        .doesNotContain("live acct");
    assertThat(apiCalls()).isEqualTo(callsBefore);
  }

  @Test
  void doctorNeverSpendsARefreshToken() {
    CommandLineTest.run("doctor", "--config", broken.toString());
    CommandLineTest.run("doctor", "--config", healthy.toString());
    assertThat(sim.ledger().getJsonObject("token_grants").getInteger("refresh_token")).isZero();
    assertThat(sim.ledger().getInteger("refresh_token_reuse")).isZero();
  }

  @Test
  void anAccountWithoutTokensFailsWithTheWayToLogIn() {
    var result = CommandLineTest.run("doctor", "--config", healthy.toString(), "--account", "acct-9", "--offline");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.out()).contains("no tokens are stored for account acct-9")
        .contains("token login --account acct-9");
  }

  @Test
  void aRefusedAccessTokenIsReportedWithTheNextStepAndNothingIsRefreshed() {
    var web = WebClient.create(vertx);
    try {
      var added = web.postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(new JsonObject()
          .put("endpoint", "region").put("account", "acct-1").put("status", 401).put("count", 1)
          .put("body", new JsonObject().put("error", "invalid_token").put("error_description", "Invalid access token")))
          .await();
      assertThat(added.statusCode()).isEqualTo(201);
    } finally {
      web.close();
    }
    var result = CommandLineTest.run("doctor", "--config", healthy.toString());

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.out().lines().filter(line -> line.startsWith("FAIL")).toList()).singleElement()
        .satisfies(line -> assertThat(line).contains("live acct-1", "users/region", "401", "invalid_token",
            "run doctor again"));
    assertThat(result.out()).contains("vehicles: the vehicle list answers");
    assertThat(sim.ledger().getJsonObject("token_grants").getInteger("refresh_token")).isZero();
  }

  @Test
  void aStoreWithoutItsKeyIsAFailedCheckNamingTheKey() throws Exception {
    Path noKey = dir.resolve("no-key.yaml");
    Files.writeString(noKey, "tokens:\n  file: " + dir.resolve("healthy-tokens.enc") + "\n", StandardCharsets.UTF_8);
    var result = CommandLineTest.run("doctor", "--config", noKey.toString(), "--offline");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.out()).containsPattern("FAIL  store +token store: tokens.encryptionKey")
        .contains("openssl rand -base64 32");
  }

  @Test
  void aConfigThatDoesNotLoadIsBadUsage() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "tesla:\n  requestTimeout: soon\n", StandardCharsets.UTF_8);
    var result = CommandLineTest.run("doctor", "--config", bad.toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("tesla.requestTimeout");
  }

  /** The two runs are a moment apart: an access token's time left differs by a second or so. */
  private static String withoutTimeLeft(String text) {
    return text.replaceAll("\\(for [0-9dhms]+\\)", "(for ...)");
  }

  private static long apiCalls() {
    var requests = sim.ledger().getJsonObject("requests");
    return requests.fieldNames().stream().mapToLong(name -> requests.getLong(name)).sum()
        + sim.ledger().getJsonObject("token_grants").getLong("client_credentials");
  }

  /** Consents {@code account} through the simulator with {@code scopes} and stores its tokens in {@code tokens}. */
  private static void login(FleetConfig base, Path tokens, String key, String account, List<String> scopes) {
    FleetConfig.Tesla t = base.tesla();
    FleetConfig.Tesla tesla = new FleetConfig.Tesla(t.clientId(), t.clientSecret(), t.redirectUri(), scopes,
        t.authorizeUrl(), t.tokenUrl(), t.apiBaseUrl(), t.requestTimeout(), t.maxResponseBytes());
    TokenStore store = FileTokenStore.open(vertx, tokens, TokenCipher.fromBase64Key(key)).await();
    FleetApiClient api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(t.clientId().orElseThrow(), t.clientSecret().orElseThrow()), FleetClock.system());
    try {
      SimulatorLogin.login(vertx, tesla, api, store, FleetClock.system(), account, account).await();
    } finally {
      api.close();
      store.close().await();
    }
  }

  private static Path config(String name, Path tokens, String key, String redirectUri, List<String> scopes)
      throws Exception {
    SimulatorOptions client = SimulatorOptions.defaults();
    String yaml = """
        tokens:
          store: file
          file: %s
          encryptionKey: %s
        tesla:
          clientId: %s
          clientSecret: %s
          redirectUri: %s
          scopes: [%s]
          authorizeUrl: %s
          tokenUrl: %s
          apiBaseUrl: %s
        """.formatted(tokens, key, client.clientId(), client.clientSecret(), redirectUri, String.join(", ", scopes),
        sim.authorizeUrl(), sim.tokenUrl(), sim.baseUrl());
    Path file = dir.resolve(name);
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }
}
