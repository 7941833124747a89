package io.fleetpoller.coord;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DistributedLock} across instances: key {@code {prefix}lock:{name}} (so the refresh lock of
 * an account is {@code fleet:lock:refresh:{account}}, DESIGN.md "Redis keys") set with
 * {@code SET key owner NX PX ttl}, released by an owner-checked delete in one Lua script.
 *
 * <p>The owner is unique per acquisition ({@code instanceId:random}), so a holder that paused past
 * its TTL and releases late cannot free the lock of whoever took it over. The TTL is a simulated
 * duration: Redis expires the key after {@link FleetClock#realMillis} of it, and
 * {@link LockLease#expiresAt()} is read off the same clock. Failures talking to Redis fail the
 * future (see {@link RedisConnector}); the client is not owned and not closed here.
 */
public final class RedisLock implements DistributedLock {

  /** Deletes the key only if it still holds our owner id; 1 when it did. */
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

  /** Owner-checked, like release: a lease that expired and was taken over is not ours to keep. */
  private static final String EXTEND =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisAPI redis;
  private final String keyPrefix;
  private final String instanceId;
  private final FleetClock clock;

  /** Locks under {@code {prefix}lock:{name}} (DESIGN.md: {@code lock:refresh:{account}}). */
  public RedisLock(RedisAPI redis, String keyPrefix, String instanceId, FleetClock clock) {
    this(redis, keyPrefix, "lock:", instanceId, clock);
  }

  /**
   * Leases under {@code {prefix}{namespace}{name}}, e.g. namespace {@code lease:} for the poll
   * leases {@code lease:poll:{vehicle}} that keep two instances from polling one car.
   */
  public RedisLock(RedisAPI redis, String keyPrefix, String namespace, String instanceId, FleetClock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    // Prefix and namespace together: every key is keyPrefix + name.
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + Objects.requireNonNull(namespace, "namespace");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Optional<LockLease>> tryAcquire(String name, Duration ttl) {
    Objects.requireNonNull(name, "name");
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      return Future.failedFuture(new IllegalArgumentException("lock ttl must be positive, was " + ttl));
    }
    String owner = instanceId + ":" + randomHex();
    Instant expiresAt = clock.now().plus(ttl);
    String px = Long.toString(clock.realMillis(ttl));
    return redis.set(List.of(key(name), owner, "NX", "PX", px))
        .map(reply -> isOk(reply) ? Optional.of(new LockLease(name, owner, expiresAt)) : Optional.empty());
  }

  @Override
  public Future<Boolean> release(LockLease lease) {
    Objects.requireNonNull(lease, "lease");
    return redis.eval(List.of(RELEASE, "1", key(lease.name()), lease.owner()))
        .map(reply -> reply != null && reply.toLong() == 1L);
  }

  @Override
  public Future<Boolean> extend(LockLease lease, Duration ttl) {
    Objects.requireNonNull(lease, "lease");
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      return Future.failedFuture(new IllegalArgumentException("lock ttl must be positive, was " + ttl));
    }
    return redis.eval(List.of(EXTEND, "1", key(lease.name()), lease.owner(), Long.toString(clock.realMillis(ttl))))
        .map(reply -> reply != null && reply.toLong() == 1L);
  }

  /** The Redis key of lock {@code name}. */
  String key(String name) {
    return keyPrefix + name;
  }

  private static boolean isOk(Response reply) {
    // SET … NX answers OK when it set the key and nil when the key existed.
    return reply != null && "OK".equals(reply.toString());
  }

  private static String randomHex() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "RedisLock[prefix=" + keyPrefix + ", instance=" + instanceId + "]";
  }
}
