package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.InProcessFenceCounter;
import io.fleetpoller.coord.InProcessLock;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.fleetapi.ApiCall;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.TokenResponse;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.testing.SimulatorTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token manager in embedded mode (file store, in-process lock) against the simulator's real
 * OAuth server: rotation, single flight, lost answers, refused tokens, failing endpoints.
 */
class TokenManagerTest {

  private static final String ACCOUNT = "acct-1";

  @TempDir Path dir;
  private final FleetClock clock = FleetClock.system();
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> tokenEvents = new CopyOnWriteArrayList<>();
  private final List<ApiCall> apiCalls = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipher.randomBase64Key());
  private FleetSimulator sim;
  private FleetApiClient api;
  private TokenStore store;

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** A simulator, a store holding a consented account whose access token we treat as expired. */
  private TokenManager start(SimulatorOptions options) {
    sim = FleetSimulator.start(vertx, options, clock).await();
    vertx.eventBus().<JsonObject>consumer(EventAddresses.TOKEN, m -> tokenEvents.add(m.body()));
    api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
        .withClient(options.clientId(), options.clientSecret())
        .withListener(apiCalls::add)
        .withRequestTimeout(Duration.ofSeconds(2)), clock);
    store = FileTokenStore.open(vertx, dir.resolve("tokens.enc"), cipher).await();
    TokenResponse consent = SimulatorTokens.login(vertx, sim, clock, ACCOUNT);
    Instant now = clock.now();
    // Expired a second ago as far as we know: the first caller must refresh.
    store.compareAndSet(new TokenRecord(ACCOUNT, consent.refreshToken(), consent.accessToken(),
        now.minusSeconds(1), 0, now.minusSeconds(3600), 0), 0).await();
    return manager();
  }

  private TokenManager manager() {
    var manager = new TokenManager(vertx, store, account -> api, new InProcessLock(clock, "node-a"),
        new InProcessFenceCounter(), new FileConsentMarks(vertx, dir.resolve("tokens.enc")), cipher,
        dir.resolve("spill.enc"), clock,
        new TokenManager.Settings(Duration.ofMinutes(10), Duration.ofSeconds(2), "node-a",
            new RefreshBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))),
        meters);
    manager.start().await();
    return manager;
  }

  private JsonObject ledger() {
    return sim.ledger();
  }

  private int refreshGrants() {
    return ledger().getJsonObject("token_grants").getInteger("refresh_token", 0);
  }

  private void fault(JsonObject fault) {
    var answer = WebClient.create(vertx).postAbs(sim.baseUrl() + "/sim/faults").sendJsonObject(fault).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
  }

  private long tokenEndpointCalls() {
    return apiCalls.stream().filter(c -> c.kind() == ApiCallKind.TOKEN).count();
  }

  /** Event bus delivery is asynchronous: wait (with a deadline) for an event of this type. */
  private JsonObject awaitEvent(String type) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonObject event : tokenEvents) {
        if (type.equals(event.getString("type"))) {
          return event;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no " + type + " event on fleet.token within 5 s: " + tokenEvents);
  }

  private static Throwable failureOf(Future<?> future) {
    return future.map(ok -> (Throwable) null).otherwise(error -> error).await();
  }

  private boolean apiAccepts(BearerToken token) {
    return api.listVehicles(token).map(v -> true).otherwise(false).await();
  }

  @Test
  void concurrentCallersAtExpiryShareOneRefresh() {
    TokenManager manager = start(SimulatorOptions.defaults());

    List<Future<BearerToken>> calls = IntStream.range(0, 250).mapToObj(i -> manager.accessToken(ACCOUNT)).toList();
    Future.all(calls).await();

    assertThat(calls.stream().map(f -> f.result().value()).distinct()).hasSize(1);
    assertThat(refreshGrants()).isEqualTo(1);
    assertThat(ledger().getInteger("refresh_token_reuse")).isZero();
    assertThat(apiAccepts(calls.get(0).result())).isTrue();
  }

  @Test
  void theRotatedPairIsStoredBeforeTheNewAccessTokenIsHandedOut() {
    TokenManager manager = start(SimulatorOptions.defaults());
    TokenRecord before = store.load(ACCOUNT).await().orElseThrow();

    BearerToken token = manager.accessToken(ACCOUNT).await();

    TokenRecord stored = store.load(ACCOUNT).await().orElseThrow();
    assertThat(stored.version()).isEqualTo(before.version() + 1);
    assertThat(stored.accessToken()).isEqualTo(token.value());
    assertThat(stored.refreshToken()).isNotEqualTo(before.refreshToken());
    assertThat(stored.fence()).isPositive();
    assertThat(awaitEvent("refreshed").getLong("version")).isEqualTo(stored.version());
    assertThat(tokenEvents.toString()).doesNotContain(token.value()).doesNotContain(stored.refreshToken());
  }

  @Test
  void aRestartReusesTheStoredPairWithoutRefreshing() {
    TokenManager first = start(SimulatorOptions.defaults());
    BearerToken token = first.accessToken(ACCOUNT).await();
    first.stop();

    TokenManager second = manager();
    assertThat(second.accessToken(ACCOUNT).await()).isEqualTo(token);
    assertThat(refreshGrants()).isEqualTo(1);
  }

  @Test
  void aLostRefreshAnswerIsRecoveredWhereTheServerKeepsAGraceWindow() {
    TokenManager manager = start(SimulatorOptions.defaults().withRefreshGrace(Duration.ofMinutes(1)));
    fault(new JsonObject().put("endpoint", "token").put("rotateThenDrop", true).put("count", 1));

    BearerToken token = manager.accessToken(ACCOUNT).await();

    assertThat(manager.state(ACCOUNT)).isEqualTo(AccountState.ACTIVE);
    assertThat(apiAccepts(token)).isTrue();
    assertThat(store.load(ACCOUNT).await().orElseThrow().accessToken()).isEqualTo(token.value());
  }

  @Test
  void aLostRefreshAnswerWithoutGraceNeedsConsentAfterExactlyOneRetry() {
    TokenManager manager = start(SimulatorOptions.defaults().withRefreshGrace(Duration.ZERO));
    fault(new JsonObject().put("endpoint", "token").put("rotateThenDrop", true).put("count", 1));

    Throwable first = failureOf(manager.accessToken(ACCOUNT));
    Throwable second = failureOf(manager.accessToken(ACCOUNT));

    assertThat(first).isInstanceOf(TokenUnavailableException.class);
    assertThat(manager.state(ACCOUNT)).isEqualTo(AccountState.NEEDS_CONSENT);
    assertThat(manager.reason(ACCOUNT)).hasValueSatisfying(r -> assertThat(r).contains("response was lost"));
    assertThat(second).isInstanceOf(TokenUnavailableException.class)
        .satisfies(e -> assertThat(((TokenUnavailableException) e).state()).isEqualTo(AccountState.NEEDS_CONSENT));
    // One rotation (whose answer was dropped) and one retry with the same token, refused: no loop.
    assertThat(tokenEndpointCalls()).isEqualTo(2);
    assertThat(refreshGrants()).isEqualTo(1);
    assertThat(ledger().getInteger("refresh_token_reuse")).isEqualTo(1);
    assertThat(awaitEvent("needs_consent").getString("reconsent_url")).isEqualTo("/auth/login?account=acct-1");
  }

  @Test
  void aRefusedRefreshTokenNeedsConsentAndIsNeverTriedAgain() {
    TokenManager manager = start(SimulatorOptions.defaults());
    fault(new JsonObject().put("endpoint", "token").put("status", 401)
        .put("body", new JsonObject().put("error", "login_required").put("error_description", "Login required")));

    for (int i = 0; i < 5; i++) {
      manager.accessToken(ACCOUNT).otherwise((BearerToken) null).await();
    }

    assertThat(manager.state(ACCOUNT)).isEqualTo(AccountState.NEEDS_CONSENT);
    assertThat(manager.reason(ACCOUNT)).hasValueSatisfying(r -> assertThat(r).contains("login_required"));
    assertThat(tokenEndpointCalls()).isEqualTo(1);
  }

  @Test
  void aRefusedRefreshTokenIsNotTriedAgainAfterARestart() {
    TokenManager first = start(SimulatorOptions.defaults());
    fault(new JsonObject().put("endpoint", "token").put("status", 401)
        .put("body", new JsonObject().put("error", "login_required")));
    first.accessToken(ACCOUNT).otherwise((BearerToken) null).await();
    first.stop();

    TokenManager restarted = manager();
    Throwable failure = failureOf(restarted.accessToken(ACCOUNT));

    assertThat(failure).isInstanceOf(TokenUnavailableException.class);
    assertThat(restarted.state(ACCOUNT)).isEqualTo(AccountState.NEEDS_CONSENT);
    assertThat(restarted.needsConsent(ACCOUNT).await()).isTrue();
    assertThat(tokenEndpointCalls()).isEqualTo(1);
  }

  @Test
  void aPairLeftInTheSpillFileIsWrittenBackOnStartWhenItIsNewer() {
    start(SimulatorOptions.defaults());
    TokenRecord stored = store.load(ACCOUNT).await().orElseThrow();
    TokenRecord rotated = new TokenRecord(ACCOUNT, "NA_spilled-refresh", "eyJ.spilled-access",
        clock.now().plusSeconds(28_800), stored.version() + 1, clock.now(), 7);
    new SpillFile(vertx, dir.resolve("spill.enc"), cipher)
        .writeAll(java.util.Map.of(ACCOUNT, rotated)).await();

    TokenManager restarted = manager();

    TokenRecord after = store.load(ACCOUNT).await().orElseThrow();
    assertThat(after.refreshToken()).isEqualTo("NA_spilled-refresh");
    assertThat(after.version()).isEqualTo(stored.version() + 1);
    assertThat(dir.resolve("spill.enc")).doesNotExist();
    assertThat(restarted.accessToken(ACCOUNT).await().value()).isEqualTo("eyJ.spilled-access");
  }

  @Test
  void aSpilledPairOlderThanTheStoreIsDropped() {
    start(SimulatorOptions.defaults());
    TokenRecord stored = store.load(ACCOUNT).await().orElseThrow();
    TokenRecord stale = new TokenRecord(ACCOUNT, "NA_stale-refresh", "eyJ.stale", clock.now(),
        stored.version(), clock.now(), 0);
    new SpillFile(vertx, dir.resolve("spill.enc"), cipher).writeAll(java.util.Map.of(ACCOUNT, stale)).await();

    manager();

    assertThat(store.load(ACCOUNT).await().orElseThrow().refreshToken()).isEqualTo(stored.refreshToken());
    assertThat(dir.resolve("spill.enc")).doesNotExist();
  }

  @Test
  void aFailingTokenEndpointBacksOffAndKeepsTheCurrentTokenWhileItLasts() {
    start(SimulatorOptions.defaults());
    // Valid for another 5 minutes: inside refreshAhead (10 min), so a refresh is due but not urgent.
    TokenRecord rec = store.load(ACCOUNT).await().orElseThrow();
    Instant now = clock.now();
    store.compareAndSet(new TokenRecord(ACCOUNT, rec.refreshToken(), rec.accessToken(), now.plusSeconds(300),
        rec.version(), now.minusSeconds(3600), 0), rec.version()).await();
    TokenManager fresh = manager();
    fault(new JsonObject().put("endpoint", "token").put("status", 503).put("count", 100));

    BearerToken first = fresh.accessToken(ACCOUNT).await();
    BearerToken during = fresh.accessToken(ACCOUNT).await();

    assertThat(fresh.state(ACCOUNT)).isEqualTo(AccountState.REFRESH_FAILING);
    assertThat(first.value()).isEqualTo(rec.accessToken());
    assertThat(during.value()).isEqualTo(rec.accessToken());
    assertThat(tokenEndpointCalls()).isEqualTo(1);
  }

  @Test
  void afterARejectionAPeersNewerTokenIsUsedWithoutRefreshing() {
    TokenManager manager = start(SimulatorOptions.defaults());
    BearerToken mine = manager.accessToken(ACCOUNT).await();
    // A peer refreshes (a second manager on the same store), which revokes our access token.
    TokenManager peer = manager();
    TokenRecord stored = store.load(ACCOUNT).await().orElseThrow();
    store.compareAndSet(new TokenRecord(ACCOUNT, stored.refreshToken(), stored.accessToken(),
        clock.now().minusSeconds(1), stored.version(), stored.updatedAt(), 0), stored.version()).await();
    BearerToken peers = peer.accessToken(ACCOUNT).await();
    assertThat(apiAccepts(mine)).isFalse();

    BearerToken retried = manager.afterRejection(ACCOUNT, mine).await();

    assertThat(retried).isEqualTo(peers);
    assertThat(refreshGrants()).isEqualTo(2);
  }

  @Test
  void consentingAgainClearsNeedsConsent() {
    TokenManager manager = start(SimulatorOptions.defaults());
    fault(new JsonObject().put("endpoint", "token").put("status", 401).put("count", 1)
        .put("body", new JsonObject().put("error", "login_required")));
    manager.accessToken(ACCOUNT).otherwise((BearerToken) null).await();
    assertThat(manager.state(ACCOUNT)).isEqualTo(AccountState.NEEDS_CONSENT);
    assertThat(accountStateGauge("needs_consent")).isEqualTo(1.0);
    assertThat(accountStateGauge("active")).isEqualTo(0.0);

    TokenResponse again = SimulatorTokens.login(vertx, sim, clock, ACCOUNT);
    long version = store.load(ACCOUNT).await().orElseThrow().version();
    store.compareAndSet(new TokenRecord(ACCOUNT, again.refreshToken(), again.accessToken(),
        clock.now().plus(again.expiresIn()), version, clock.now(), 0), version).await();
    manager.consented(ACCOUNT);

    assertThat(manager.state(ACCOUNT)).isEqualTo(AccountState.ACTIVE);
    assertThat(manager.accessToken(ACCOUNT).await().value()).isEqualTo(again.accessToken());
    assertThat(accountStateGauge("needs_consent")).isEqualTo(0.0);
    assertThat(accountStateGauge("active")).isEqualTo(1.0);
  }

  private double accountStateGauge(String state) {
    return meters.get("fleet.account.state").tags("account", ACCOUNT, "state", state).gauge().value();
  }

  @Test
  void metricsCountRefreshesAndTrackExpiry() {
    TokenManager manager = start(SimulatorOptions.defaults());
    manager.accessToken(ACCOUNT).await();
    assertThat(meters.get("fleet.token.refresh").tags("account", ACCOUNT, "result", "success").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("fleet.lock.acquire").tags("lock", "refresh", "result", "acquired").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("fleet.token.expires.in.seconds").tags("account", ACCOUNT).gauge().value())
        .isBetween(28_000.0, 28_800.0);
  }
}
