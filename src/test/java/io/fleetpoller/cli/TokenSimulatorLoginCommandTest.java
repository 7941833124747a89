package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.RedisConsentMarks;
import io.fleetpoller.auth.RedisTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.VehicleSummary;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code token sim-login} against a real simulator in this process, as the compose demo runs it. */
class TokenSimulatorLoginCommandTest {

  static final String KEY = TokenCipher.randomBase64Key();
  /** The simulator never calls it; it only has to match the registered one. */
  static final String REDIRECT = "http://localhost:8081/auth/callback";

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  FleetSimulator sim;
  FleetApiClient api;

  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void startSimulator() {
    // The real clock, as in the compose stack: the command dates the tokens with it.
    SimulatorOptions options = SimulatorOptions.defaults().withAccounts(2).withVehicles(4).withRedirectUri(REDIRECT);
    sim = FleetSimulator.start(vertx, options, FleetClock.system()).await();
    api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(options.clientId(), options.clientSecret()), FleetClock.system());
  }

  @AfterEach
  void stop() {
    api.close();
    sim.close().await();
    vertx.close().await();
  }

  private Result run(String configYaml, String... args) throws Exception {
    Path file = dir.resolve("fleet-poller.yaml");
    Files.writeString(file, configYaml, StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> full = new ArrayList<>(List.of("token", "sim-login"));
    full.addAll(List.of(args));
    full.addAll(List.of("--config", file.toString()));
    int code = cli.execute(full.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private String config(String storeSection, String authorizeUrl) {
    return storeSection
        + "tesla:\n"
        + "  clientId: sim-client-id\n"
        + "  clientSecret: sim-client-secret\n"
        + "  redirectUri: " + REDIRECT + "\n"
        + "  authorizeUrl: " + authorizeUrl + "\n"
        + "  tokenUrl: " + sim.tokenUrl() + "\n"
        + "  apiBaseUrl: " + sim.baseUrl() + "\n";
  }

  private String fileStore() {
    return "tokens:\n"
        + "  file: " + dir.resolve("tokens.enc") + "\n"
        + "  encryptionKey: " + KEY + "\n";
  }

  private List<String> vinsOf(TokenStore store, String account) {
    TokenRecord record = store.load(account).await().orElseThrow();
    return api.listVehicles(new BearerToken(record.accessToken())).await().stream().map(VehicleSummary::vin).toList();
  }

  @Test
  void everySimulatorAccountIsLoggedInWithATokenThatSeesItsOwnCars() throws Exception {
    Result result = run(config(fileStore(), sim.authorizeUrl()), "--accounts", "2");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(result.out()).contains("logged in simulator account acct-1 (version 1) in the file token store")
        .contains("logged in simulator account acct-2 (version 1)");
    TokenStore store = FileTokenStore.open(vertx, dir.resolve("tokens.enc"), TokenCipher.fromBase64Key(KEY)).await();
    try {
      assertThat(store.accounts().await()).containsExactly("acct-1", "acct-2");
      List<String> first = vinsOf(store, "acct-1");
      List<String> second = vinsOf(store, "acct-2");
      // The simulator deals the 4 cars out over its 2 accounts: each token sees only its owner's.
      assertThat(first).isNotEmpty().doesNotContainAnyElementsOf(second);
      assertThat(second).isNotEmpty();
      assertThat(first.size() + second.size()).isEqualTo(4);
      String access = store.load("acct-1").await().orElseThrow().accessToken();
      assertThat(result.out() + result.err()).doesNotContain(access);
    } finally {
      store.close().await();
    }
  }

  @Test
  void runningItAgainReplacesTheTokensRatherThanFailing() throws Exception {
    assertThat(run(config(fileStore(), sim.authorizeUrl())).exitCode()).isEqualTo(Main.EXIT_OK);

    Result again = run(config(fileStore(), sim.authorizeUrl()));

    assertThat(again.exitCode()).as(again.err()).isEqualTo(Main.EXIT_OK);
    assertThat(again.out()).contains("logged in simulator account acct-1 (version 2)");
  }

  @Test
  void pointedAtTeslaItRefusesBeforeCallingAnything() throws Exception {
    Result result = run(config(fileStore(), "https://auth.tesla.com/oauth2/v3/authorize"), "--accounts", "2");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("tesla.authorizeUrl points at Tesla").contains("docker/demo.env")
        .doesNotContain("sim-client-secret");
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(Files.exists(dir.resolve("tokens.enc"))).isFalse();
  }

  @Test
  void anAccountCountBelowOneIsBadUsage() throws Exception {
    Result result = run(config(fileStore(), sim.authorizeUrl()), "--accounts", "0");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("--accounts must be 1..1000");
  }

  /** The compose demo's setting: tokens in Redis, shared with the pollers. */
  @Nested
  @ExtendWith(RedisServerExtension.class)
  class WithRedis {

    @Test
    void theAccountsLandInRedisAndANeedsConsentMarkIsCleared(RedisServerProcess redis) throws Exception {
      RedisConnector connector = RedisConnector.connect(vertx, redis.url());
      var marks = new RedisConsentMarks(connector.api(), "fleet:");
      // As after a simulator restart: a daemon found acct-1's refresh token refused.
      marks.mark("acct-1", "login_required").await();
      String redisStore = "redis:\n  url: " + redis.url() + "\n"
          + "tokens:\n  encryptionKey: " + KEY + "\n";

      Result result = run(config(redisStore, sim.authorizeUrl()), "--accounts", "2");

      assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
      assertThat(result.out()).contains("in the redis token store");
      TokenStore store = RedisTokenStore.create(connector.api(), "fleet:", TokenCipher.fromBase64Key(KEY));
      assertThat(store.accounts().await()).containsExactly("acct-1", "acct-2");
      assertThat(vinsOf(store, "acct-2")).isNotEmpty();
      assertThat(marks.reason("acct-1").await()).isEqualTo(Optional.empty());
    }
  }
}
