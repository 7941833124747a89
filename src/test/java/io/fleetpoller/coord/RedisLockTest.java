package io.fleetpoller.coord;

import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisLockTest {

  static final String PREFIX = "fleet:";
  static final Duration LONG = Duration.ofSeconds(30);

  // Two Vert.x instances with their own pools stand for two daemon processes.
  static Vertx vertxA;
  static Vertx vertxB;
  RedisConnector connectorA;
  RedisConnector connectorB;
  final FleetClock clock = FleetClock.system();

  @BeforeAll
  static void startVertx() {
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    result(vertxA.close());
    result(vertxB.close());
  }

  @BeforeEach
  void connect(RedisServerProcess redis) {
    connectorA = RedisConnector.connect(vertxA, redis.url());
    connectorB = RedisConnector.connect(vertxB, redis.url());
  }

  @AfterEach
  void disconnect() {
    result(connectorA.close());
    result(connectorB.close());
  }

  RedisLock lockOn(RedisConnector connector, String instance) {
    return new RedisLock(connector.api(), PREFIX, instance, clock);
  }

  @Test
  void onlyOneOfTwoInstancesGetsTheLockUnderTheDesignKey() {
    RedisLock a = lockOn(connectorA, "node-a");
    RedisLock b = lockOn(connectorB, "node-b");

    Optional<LockLease> first = result(a.tryAcquire("refresh:acct-1", LONG));
    Optional<LockLease> second = result(b.tryAcquire("refresh:acct-1", LONG));

    assertThat(first).isPresent();
    assertThat(first.get().owner()).startsWith("node-a:");
    assertThat(second).isEmpty();
    assertThat(result(connectorB.api().get("fleet:lock:refresh:acct-1")).toString())
        .isEqualTo(first.get().owner());
    long pttl = result(connectorB.api().pttl("fleet:lock:refresh:acct-1")).toLong();
    assertThat(pttl).isBetween(1L, LONG.toMillis());
    assertThat(result(b.tryAcquire("refresh:acct-2", LONG))).isPresent();
  }

  @Test
  void pollLeasesLiveUnderTheirOwnNamespaceAndExcludeEachOther() {
    RedisLock a = new RedisLock(connectorA.api(), PREFIX, "lease:", "node-a", clock);
    RedisLock b = new RedisLock(connectorB.api(), PREFIX, "lease:", "node-b", clock);

    LockLease lease = result(a.tryAcquire("poll:5YJ3E1EA7PF100000", LONG)).orElseThrow();

    assertThat(result(b.tryAcquire("poll:5YJ3E1EA7PF100000", LONG))).isEmpty();
    assertThat(result(connectorB.api().get("fleet:lease:poll:5YJ3E1EA7PF100000")).toString())
        .isEqualTo(lease.owner());
    assertThat(result(connectorB.api().exists(java.util.List.of("fleet:lock:poll:5YJ3E1EA7PF100000"))).toLong())
        .isZero();
  }

  @Test
  void onlyTheHolderCanExtendALeaseAndItThenOutlivesItsFirstTtl() {
    RedisLock a = new RedisLock(connectorA.api(), PREFIX, "lease:", "node-a", clock);
    RedisLock b = new RedisLock(connectorB.api(), PREFIX, "lease:", "node-b", clock);
    LockLease lease = result(a.tryAcquire("poll:V1", Duration.ofMillis(300))).orElseThrow();
    LockLease stranger = new LockLease("poll:V1", "node-b:forged", lease.expiresAt());

    assertThat(result(b.extend(stranger, LONG))).isFalse();
    assertThat(result(a.extend(lease, LONG))).isTrue();
    long pttl = result(connectorB.api().pttl("fleet:lease:poll:V1")).toLong();
    assertThat(pttl).isGreaterThan(300L).isLessThanOrEqualTo(LONG.toMillis());
    assertThat(result(b.tryAcquire("poll:V1", LONG))).isEmpty();
  }

  @Test
  void releasedLockCanBeTakenByTheOtherInstance() {
    RedisLock a = lockOn(connectorA, "node-a");
    RedisLock b = lockOn(connectorB, "node-b");
    LockLease lease = result(a.tryAcquire("refresh:acct-1", LONG)).orElseThrow();

    assertThat(result(a.release(lease))).isTrue();

    assertThat(result(b.tryAcquire("refresh:acct-1", LONG))).isPresent();
  }

  @Test
  void expiredLockIsTakenOverAndTheLateReleaseOfTheFirstOwnerDoesNotFreeIt() {
    RedisLock a = lockOn(connectorA, "node-a");
    RedisLock b = lockOn(connectorB, "node-b");
    LockLease first = result(a.tryAcquire("refresh:acct-1", Duration.ofMillis(200))).orElseThrow();

    LockLease second = pollUntilAcquired(b, "refresh:acct-1", LONG);

    assertThat(second.owner()).isNotEqualTo(first.owner());
    assertThat(result(a.release(first))).isFalse();
    assertThat(result(a.tryAcquire("refresh:acct-1", LONG))).isEmpty();
    assertThat(result(b.release(second))).isTrue();
  }

  @Test
  void fiftyConcurrentAttemptsHaveExactlyOneWinner() {
    RedisLock a = lockOn(connectorA, "node-a");
    RedisLock b = lockOn(connectorB, "node-b");

    List<Future<Optional<LockLease>>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add((i % 2 == 0 ? a : b).tryAcquire("refresh:acct-1", LONG));
    }
    result(Future.all(attempts));

    assertThat(attempts.stream().filter(f -> f.result().isPresent()).count()).isEqualTo(1);
  }

  @Test
  void eachAcquisitionHasItsOwnOwnerEvenOnOneInstance() {
    RedisLock a = lockOn(connectorA, "node-a");
    LockLease first = result(a.tryAcquire("refresh:acct-1", LONG)).orElseThrow();
    result(a.release(first));

    LockLease second = result(a.tryAcquire("refresh:acct-1", LONG)).orElseThrow();

    assertThat(second.owner()).isNotEqualTo(first.owner());
    assertThat(result(a.release(first))).isFalse();
    assertThat(result(a.release(second))).isTrue();
  }

  @Test
  void fenceNumbersStrictlyIncreaseAcrossTwoClients() {
    RedisFenceCounter a = new RedisFenceCounter(connectorA.api(), PREFIX);
    RedisFenceCounter b = new RedisFenceCounter(connectorB.api(), PREFIX);

    List<Long> fences = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fences.add(result((i % 2 == 0 ? a : b).next("acct-1")));
    }

    assertThat(fences).isSorted().doesNotHaveDuplicates().startsWith(1L);
    assertThat(result(b.next("acct-2"))).isEqualTo(1L);
    assertThat(result(connectorA.api().get("fleet:fence:acct-1")).toLong()).isEqualTo(10L);
  }

  @Test
  void concurrentFenceNumbersAreAllDistinct() {
    RedisFenceCounter a = new RedisFenceCounter(connectorA.api(), PREFIX);
    RedisFenceCounter b = new RedisFenceCounter(connectorB.api(), PREFIX);
    List<Future<Long>> numbers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      numbers.add((i % 2 == 0 ? a : b).next("acct-1"));
    }
    result(Future.all(numbers));

    assertThat(numbers.stream().map(Future::result)).doesNotHaveDuplicates().hasSize(40)
        .allMatch(n -> n >= 1 && n <= 40);
  }

  private static LockLease pollUntilAcquired(RedisLock lock, String name, Duration ttl) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<LockLease> lease = result(lock.tryAcquire(name, ttl));
      if (lease.isPresent()) {
        return lease.get();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("lock " + name + " was not released by expiry within 5 s");
  }
}
