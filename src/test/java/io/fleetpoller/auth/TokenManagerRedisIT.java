package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisFenceCounter;
import io.fleetpoller.coord.RedisLock;
import io.fleetpoller.fleetapi.ApiCall;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.TokenResponse;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.fleetpoller.testing.SimulatorTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several daemon instances (one Vert.x each, as separate processes would have) sharing one real
 * redis-server and one account, against the simulator's OAuth server.
 */
@ExtendWith(RedisServerExtension.class)
class TokenManagerRedisIT {

  private static final String ACCOUNT = "acct-1";
  private static final String PREFIX = "fleet:";
  private static final Duration LOCK_TTL = Duration.ofSeconds(2);

  @TempDir Path dir;
  private final FleetClock clock = FleetClock.system();
  private final TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipher.randomBase64Key());
  private final List<Vertx> vertxes = new ArrayList<>();
  private RedisServerProcess redis;
  private FleetSimulator sim;

  /** One instance: its own Vert.x, Redis connection, API client (whose calls it records) and manager. */
  private final class Instance {
    final Vertx vertx = Vertx.vertx();
    final RedisConnector connector;
    final RedisTokenStore store;
    final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    final FleetApiClient api;
    final TokenManager tokens;

    Instance(int n) {
      vertxes.add(vertx);
      connector = RedisConnector.connect(vertx, redis.url());
      store = RedisTokenStore.create(connector.api(), PREFIX, cipher);
      api = FleetApiClient.create(vertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
          .withClient(SimulatorOptions.defaults().clientId(), SimulatorOptions.defaults().clientSecret())
          .withRequestTimeout(Duration.ofSeconds(5))
          .withListener(calls::add), clock);
      String id = "node-" + n;
      tokens = new TokenManager(vertx, store, account -> api, new RedisLock(connector.api(), PREFIX, id, clock),
          new RedisFenceCounter(connector.api(), PREFIX), new RedisConsentMarks(connector.api(), PREFIX), cipher, dir.resolve("spill-" + n + ".enc"), clock,
          new TokenManager.Settings(Duration.ofMinutes(10), LOCK_TTL, id,
              new RefreshBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))),
          new SimpleMeterRegistry());
      tokens.start().await();
    }

    /** What the poller does: the token, and one retry with another token after a 401. */
    Future<Integer> listVehicles() {
      return tokens.accessToken(ACCOUNT).compose(token -> api.listVehicles(token).recover(err -> {
        if (err instanceof FleetApiException e && e.status() == 401) {
          return tokens.afterRejection(ACCOUNT, token).compose(api::listVehicles);
        }
        return Future.failedFuture(err);
      })).map(List::size);
    }

    long unauthorizedApiCalls() {
      return calls.stream().filter(c -> c.kind() != ApiCallKind.TOKEN && c.status() == 401).count();
    }
  }

  @BeforeEach
  void start(RedisServerProcess redis) {
    this.redis = redis;
  }

  @AfterEach
  void stop() {
    vertxes.forEach(v -> v.close().await());
  }

  /** Starts the simulator and stores a consented account whose token counts as expired. */
  private void consentedAccount(SimulatorOptions options, Instance writer) {
    Vertx simVertx = Vertx.vertx();
    vertxes.add(simVertx);
    sim = FleetSimulator.start(simVertx, options, clock).await();
    TokenResponse consent = SimulatorTokens.login(simVertx, sim, clock, ACCOUNT);
    Instant now = clock.now();
    if (writer != null) {
      writer.store.compareAndSet(new TokenRecord(ACCOUNT, consent.refreshToken(), consent.accessToken(),
          now.minusSeconds(1), 0, now.minusSeconds(3600), 0), 0).await();
    }
  }

  private Instance firstInstanceWithExpiredToken(SimulatorOptions options) {
    consentedAccount(options, null);
    Instance first = new Instance(0);
    TokenResponse consent = SimulatorTokens.login(vertxes.get(0), sim, clock, ACCOUNT);
    Instant now = clock.now();
    first.store.compareAndSet(new TokenRecord(ACCOUNT, consent.refreshToken(), consent.accessToken(),
        now.minusSeconds(1), 0, now.minusSeconds(3600), 0), 0).await();
    return first;
  }

  private int refreshGrants() {
    return sim.ledger().getJsonObject("token_grants").getInteger("refresh_token", 0);
  }

  private int reuse() {
    return sim.ledger().getInteger("refresh_token_reuse", 0);
  }

  @Test
  void fourInstancesTimes250CallersAtExpiryMakeExactlyOneRefresh() {
    Instance first = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    List<Instance> instances = List.of(first, new Instance(1), new Instance(2), new Instance(3));

    List<Future<BearerToken>> calls = new ArrayList<>();
    for (Instance instance : instances) {
      IntStream.range(0, 250).forEach(i -> calls.add(instance.tokens.accessToken(ACCOUNT)));
    }
    Future.all(calls).await();

    assertThat(refreshGrants()).isEqualTo(1);
    assertThat(reuse()).isZero();
    assertThat(calls.stream().map(f -> f.result().value()).distinct()).hasSize(1);
    assertThat(first.listVehicles().await()).isPositive();
  }

  @Test
  void whenTheLockHolderDiesBeforeRefreshingAnotherInstanceRefreshesWithinTheLockTtl() {
    Instance survivor = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    // A "process" takes the lock and dies without refreshing or releasing it.
    Vertx doomed = Vertx.vertx();
    RedisConnector doomedRedis = RedisConnector.connect(doomed, redis.url());
    assertThat(new RedisLock(doomedRedis.api(), PREFIX, "doomed", clock)
        .tryAcquire("refresh:" + ACCOUNT, LOCK_TTL).await()).isPresent();
    doomed.close().await();

    long started = System.nanoTime();
    BearerToken token = survivor.tokens.accessToken(ACCOUNT).await();
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertThat(waited).isLessThan(LOCK_TTL.multipliedBy(3));
    assertThat(survivor.tokens.state(ACCOUNT)).isEqualTo(AccountState.ACTIVE);
    assertThat(refreshGrants()).isEqualTo(1);
    assertThat(reuse()).isZero();
    assertThat(survivor.api.listVehicles(token).await()).isNotEmpty();
  }

  @Test
  void afterAPeersRefreshEachInstanceMakesAtMostOneCallWithARevokedToken() {
    Instance first = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    List<Instance> instances = List.of(first, new Instance(1), new Instance(2), new Instance(3));
    for (Instance instance : instances) {
      instance.listVehicles().await(); // every instance now holds the same, valid token
    }
    assertThat(refreshGrants()).isEqualTo(1);

    // Instance 0 refreshes (as it would near expiry), which revokes everybody's access token.
    BearerToken old = first.tokens.accessToken(ACCOUNT).await();
    first.tokens.afterRejection(ACCOUNT, old).await();
    assertThat(refreshGrants()).isEqualTo(2);

    for (int round = 0; round < 5; round++) {
      for (Instance instance : instances) {
        instance.listVehicles().await();
      }
    }
    for (Instance instance : instances) {
      assertThat(instance.unauthorizedApiCalls()).isLessThanOrEqualTo(1);
    }
    assertThat(refreshGrants()).isEqualTo(2);
    assertThat(reuse()).isZero();
  }

  @Test
  void redisKilledDuringARefreshAndRestartedKeepsTheNewestRefreshToken() throws Exception {
    Instance instance = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    // The token endpoint answers after 1.5 s: Redis dies while the refresh is in flight.
    var fault = WebClient.create(vertxes.get(0)).postAbs(sim.baseUrl() + "/sim/faults")
        .sendJsonObject(new JsonObject().put("endpoint", "token").put("latencyMs", 1500).put("count", 1)).await();
    assertThat(fault.statusCode()).isEqualTo(201);

    Future<BearerToken> refreshing = instance.tokens.accessToken(ACCOUNT);
    Thread.sleep(500);
    redis.kill();
    BearerToken token = refreshing.await();

    // Rotated at the simulator, kept in memory and the spill file, and usable right away.
    assertThat(refreshGrants()).isEqualTo(1);
    assertThat(instance.api.listVehicles(token).await()).isNotEmpty();
    assertThat(dir.resolve("spill-0.enc")).exists();

    redis.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    TokenRecord stored = null;
    while (System.nanoTime() < deadline) {
      stored = instance.store.load(ACCOUNT).otherwise(java.util.Optional.empty()).await().orElse(null);
      if (stored != null && token.value().equals(stored.accessToken())) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(stored).isNotNull();
    assertThat(stored.accessToken()).isEqualTo(token.value());

    // A fresh instance refreshes with what the store holds now: accepted, nothing reused.
    Instance later = new Instance(1);
    later.tokens.afterRejection(ACCOUNT, token).await();
    assertThat(refreshGrants()).isEqualTo(2);
    assertThat(reuse()).isZero();
  }

  @Test
  void aRefusedRefreshTokenIsTriedOnceAcrossAllInstances() {
    Instance first = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    List<Instance> instances = List.of(first, new Instance(1), new Instance(2), new Instance(3));
    var fault = WebClient.create(vertxes.get(0)).postAbs(sim.baseUrl() + "/sim/faults")
        .sendJsonObject(new JsonObject().put("endpoint", "token").put("status", 401)
            .put("body", new JsonObject().put("error", "login_required"))).await();
    assertThat(fault.statusCode()).isEqualTo(201);

    for (int round = 0; round < 3; round++) {
      for (Instance instance : instances) {
        instance.tokens.accessToken(ACCOUNT).otherwise((BearerToken) null).await();
      }
    }

    long tokenCalls = instances.stream()
        .mapToLong(i -> i.calls.stream().filter(c -> c.kind() == ApiCallKind.TOKEN).count()).sum();
    assertThat(tokenCalls).isEqualTo(1);
    for (Instance instance : instances) {
      assertThat(instance.tokens.needsConsent(ACCOUNT).await()).isTrue();
    }
  }

  @Test
  void rawRedisValuesHoldNoTokenInClear() {
    Instance instance = firstInstanceWithExpiredToken(SimulatorOptions.defaults());
    BearerToken token = instance.tokens.accessToken(ACCOUNT).await();
    TokenRecord stored = instance.store.load(ACCOUNT).await().orElseThrow();

    var raw = instance.connector.api().hgetall(PREFIX + "tokens:" + ACCOUNT).await().toString();

    assertThat(raw).contains("version").doesNotContain(token.value()).doesNotContain(stored.refreshToken());
  }
}
