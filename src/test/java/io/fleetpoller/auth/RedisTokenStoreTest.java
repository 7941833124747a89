package io.fleetpoller.auth;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisTokenStoreTest {

  static final String PREFIX = "fleet:";
  // Millisecond instants: the hash keeps epoch milliseconds.
  static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  static final String REFRESH = "NA_refresh-plaintext-0001";
  static final String ACCESS = "eyJhbGciOi.access-plaintext.0001";

  static Vertx vertx;
  static Vertx otherVertx;

  RedisServerProcess redis;
  RedisConnector connector;
  RedisConnector otherConnector;
  final TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipherTest.KEY);
  RedisTokenStore store;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    result(vertx.close());
    result(otherVertx.close());
  }

  @BeforeEach
  void connect(RedisServerProcess redis) {
    this.redis = redis;
    connector = RedisConnector.connect(vertx, redis.url());
    otherConnector = RedisConnector.connect(otherVertx, redis.url());
    store = RedisTokenStore.create(connector.api(), PREFIX, cipher);
  }

  @AfterEach
  void disconnect() {
    result(store.close());
    result(connector.close());
    result(otherConnector.close());
  }

  @Test
  void storedRecordLoadsBackWithAllFields() {
    TokenRecord record = new TokenRecord("acct-1", REFRESH, ACCESS, T0.plusSeconds(28800), 1, T0, 7);

    TokenRecord written = result(store.compareAndSet(record, 0));

    assertThat(written).isEqualTo(record);
    assertThat(result(store.load("acct-1"))).contains(record);
    assertThat(result(store.accounts())).containsExactly("acct-1");
  }

  @Test
  void recordWithoutAccessTokenRoundTripsAndDropsAnEarlierAccessToken() {
    TokenRecord v1 = result(store.compareAndSet(
        new TokenRecord("acct-1", REFRESH, ACCESS, T0.plusSeconds(60), 1, T0, 0), 0));

    TokenRecord v2 = result(store.compareAndSet(TokenRecord.initial("acct-1", "r2", T0), v1.version()));

    assertThat(result(store.load("acct-1"))).contains(v2);
    assertThat(rawHash("acct-1")).doesNotContainKeys("access_token", "expires_at");
  }

  @Test
  void missingAccountLoadsEmpty() {
    assertThat(result(store.load("nobody"))).isEmpty();
    assertThat(result(store.accounts())).isEmpty();
  }

  @Test
  void eachWriteIncrementsTheVersionWhateverTheRecordSays() {
    TokenRecord v1 = result(store.compareAndSet(new TokenRecord("acct-1", REFRESH, null, null, 42, T0, 0), 0));
    TokenRecord v2 = result(store.compareAndSet(v1.withRotation("a2", "r2", T0.plusSeconds(100), T0), 1));

    assertThat(List.of(v1.version(), v2.version())).containsExactly(1L, 2L);
    assertThat(rawHash("acct-1")).containsEntry("version", "2");
    assertThat(result(store.load("acct-1")).orElseThrow().refreshToken()).isEqualTo("r2");
  }

  @Test
  void staleVersionIsAConflictAndKeepsTheStoredRecord() {
    TokenRecord v1 = result(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    TokenRecord v2 = result(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1));

    Throwable conflict = failure(store.compareAndSet(v1.withRotation("a-stale", "r-stale", T0, T0), 1));

    assertThat(conflict).isInstanceOfSatisfying(TokenStoreException.VersionConflict.class, c -> {
      assertThat(c.account()).isEqualTo("acct-1");
      assertThat(c.expected()).isEqualTo(1);
      assertThat(c.actual()).isEqualTo(2);
      assertThat(c.getMessage()).doesNotContain("r-stale", "a-stale");
    });
    assertThat(result(store.load("acct-1"))).contains(v2);
    assertThat(failure(store.compareAndSet(TokenRecord.initial("acct-1", "again", T0), 0)))
        .isInstanceOfSatisfying(TokenStoreException.VersionConflict.class, c -> assertThat(c.actual()).isEqualTo(2));
  }

  @Test
  void twentyConcurrentWritersOnTwoInstancesHaveExactlyOneWinner() {
    RedisTokenStore other = RedisTokenStore.create(otherConnector.api(), PREFIX, cipher);
    TokenRecord base = result(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));

    List<Future<TokenRecord>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      attempts.add((i % 2 == 0 ? store : other).compareAndSet(base.withRotation("a" + i, "r" + i, T0, T0), 1));
    }
    Future.join(attempts).toCompletionStage().toCompletableFuture().handle((ok, err) -> null).join();

    List<TokenRecord> winners = attempts.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(winners).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
        .hasSize(19)
        .allMatch(TokenStoreException.VersionConflict.class::isInstance);
    assertThat(result(other.load("acct-1"))).contains(winners.get(0));
  }

  @Test
  void writeUnderAnOlderFenceIsRefusedAndTheStoredFenceNeverGoesDown() {
    TokenRecord v1 = result(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0).withFence(5), 0));
    assertThat(v1.fence()).isEqualTo(5);

    Throwable stale = failure(store.compareAndSet(v1.withRotation("a-old", "r-old", T0, T0).withFence(4), 1));

    assertThat(stale).isInstanceOfSatisfying(TokenStoreException.StaleFence.class, s -> {
      assertThat(s.reason()).isEqualTo(TokenStoreException.Reason.STALE_FENCE);
      assertThat(s.account()).isEqualTo("acct-1");
      assertThat(s.offered()).isEqualTo(4);
      assertThat(s.stored()).isEqualTo(5);
      assertThat(s.getMessage()).doesNotContain("r-old", "a-old");
    });
    assertThat(result(store.load("acct-1"))).contains(v1);

    // An unfenced write (an import) passes but keeps the fence; a newer fence raises it.
    TokenRecord v2 = result(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1));
    assertThat(v2.fence()).isEqualTo(5);
    TokenRecord v3 = result(store.compareAndSet(v2.withRotation("a3", "r3", T0, T0).withFence(9), 2));
    assertThat(v3.fence()).isEqualTo(9);
    assertThat(result(store.load("acct-1"))).contains(v3);
  }

  @Test
  void staleFenceIsReportedEvenWhenTheVersionIsAlsoStale() {
    TokenRecord v1 = result(store.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0).withFence(3), 0));
    result(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0).withFence(6), 1));

    assertThat(failure(store.compareAndSet(v1.withRotation("a-old", "r-old", T0, T0).withFence(3), 1)))
        .isInstanceOfSatisfying(TokenStoreException.StaleFence.class, s -> assertThat(s.stored()).isEqualTo(6));
  }

  @Test
  void aPasswordInTheUrlNeverShowsInTheFailure() {
    // A user whose password is another one: AUTH fails, and the failure must not quote the URL.
    result(connector.api().acl(List.of("SETUSER", "fleet", "on", ">the-right-one", "~*", "+@all")));
    String url = redis.url().replace("redis://", "redis://fleet:pa55-SECRET-word@");
    RedisConnector withPassword = RedisConnector.connect(vertx, url);
    try {
      RedisTokenStore guarded = RedisTokenStore.create(withPassword.api(), PREFIX, cipher);

      Throwable failure = failure(guarded.load("acct-1"));

      assertThat(failure).isInstanceOfSatisfying(TokenStoreException.class,
          e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.IO));
      assertThat(failure.getMessage()).doesNotContain("pa55-SECRET-word", "redis://");
      assertThat(failure.getCause()).isNull();
      assertThat(withPassword.toString()).doesNotContain("pa55");
    } finally {
      result(withPassword.close());
    }
  }

  @Test
  void redisHoldsNoTokenInClear() {
    result(store.compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0.plusSeconds(60), 1, T0, 3), 0));

    Map<String, String> raw = rawHash("acct-1");

    assertThat(raw).containsOnlyKeys("refresh_token", "access_token", "expires_at", "version", "updated_at", "fence");
    assertThat(raw).containsEntry("expires_at", Long.toString(T0.plusSeconds(60).toEpochMilli()))
        .containsEntry("updated_at", Long.toString(T0.toEpochMilli()))
        .containsEntry("fence", "3");
    assertThat(String.join(" ", raw.values())).doesNotContain(REFRESH, ACCESS);
    assertThat(cipher.decrypt(raw.get("refresh_token"), "acct-1", "refresh_token")).isEqualTo(REFRESH);
  }

  @Test
  void accountsWalksTheWholeKeyspaceBeyondOneScanPage() {
    List<Future<TokenRecord>> writes = IntStream.range(0, 250)
        .mapToObj(i -> store.compareAndSet(TokenRecord.initial(String.format("acct-%03d", i), REFRESH, T0), 0))
        .toList();
    result(Future.all(writes));
    result(connector.api().set(List.of("fleet:lock:refresh:acct-000", "someone")));
    result(connector.api().set(List.of("other:tokens:intruder", "x")));

    List<String> accounts = result(store.accounts());

    assertThat(accounts).hasSize(250).isSorted().startsWith("acct-000").endsWith("acct-249");
  }

  @Test
  void wrongKeyIsCannotDecryptNamingTheAccountWithoutASecret() {
    result(store.compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));
    RedisTokenStore wrongKey = RedisTokenStore.create(
        connector.api(), PREFIX, TokenCipher.fromBase64Key(TokenCipherTest.OTHER_KEY));

    Throwable failure = failure(wrongKey.load("acct-1"));

    assertThat(failure).isInstanceOfSatisfying(TokenStoreException.class, e -> {
      assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.CANNOT_DECRYPT);
      assertThat(e.getMessage()).contains("account acct-1", "tokens.encryptionKey")
          .doesNotContain(REFRESH, ACCESS, TokenCipherTest.OTHER_KEY, TokenCipherTest.KEY);
    });
  }

  @Test
  void damagedHashIsCorruptNamingTheKey() {
    result(connector.api().hset(List.of("fleet:tokens:acct-1", "refresh_token", "x", "version", "one")));

    assertThat(failure(store.load("acct-1"))).isInstanceOfSatisfying(TokenStoreException.class, e -> {
      assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.CORRUPT);
      assertThat(e.getMessage()).contains("fleet:tokens:acct-1", "version");
    });
  }

  @Test
  void redisKilledFailsPromptlyWithIoAndNoUrlThenTheSameStoreWorksAfterRestartWithTheData() {
    TokenRecord v1 = result(store.compareAndSet(new TokenRecord("acct-1", REFRESH, ACCESS, T0, 1, T0, 0), 0));

    redis.kill();

    // Bounded by the connector's timeouts, not by TCP's minutes.
    Duration prompt = RedisConnector.COMMAND_TIMEOUT.plusSeconds(2);
    for (Throwable down : List.of(
        failure(store.load("acct-1"), prompt),
        failure(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1), prompt),
        failure(store.accounts(), prompt))) {
      assertThat(down).isInstanceOfSatisfying(TokenStoreException.class, e -> {
        assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.IO);
        assertThat(e.getMessage()).startsWith("token store unavailable (Redis): ")
            .doesNotContain(redis.url(), "redis://", "r2");
      });
    }

    redis.restart();

    assertThat(result(store.load("acct-1"))).contains(v1);
    TokenRecord v2 = result(store.compareAndSet(v1.withRotation("a2", "r2", T0, T0), 1));
    assertThat(result(store.load("acct-1"))).contains(v2);
  }

  @Test
  void closedStoreRefusesWorkButLeavesTheClientOpen() {
    result(store.close());

    assertThat(failure(store.load("acct-1"))).isInstanceOfSatisfying(TokenStoreException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenStoreException.Reason.CLOSED));
    assertThat(result(connector.api().ping(List.of())).toString()).isEqualTo("PONG");
  }

  @Test
  void aGlobCharacterInThePrefixIsMatchedLiterally() {
    RedisTokenStore odd = RedisTokenStore.create(connector.api(), "f*[1]:", cipher);
    result(odd.compareAndSet(TokenRecord.initial("acct-1", REFRESH, T0), 0));
    result(store.compareAndSet(TokenRecord.initial("acct-2", REFRESH, T0), 0));
    result(connector.api().hset(List.of("fx1:tokens:acct-3", "refresh_token", "x")));

    assertThat(result(odd.accounts())).containsExactly("acct-1");
  }

  private Map<String, String> rawHash(String account) {
    // A plain client on the other Vert.x instance, as an operator with redis-cli would see it.
    return io.fleetpoller.coord.RedisReplies.hash(result(otherConnector.api().hgetall(PREFIX + "tokens:" + account)));
  }
}
