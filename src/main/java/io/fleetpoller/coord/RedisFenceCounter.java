package io.fleetpoller.coord;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.Objects;

/**
 * {@link FenceCounter} shared by all instances: {@code INCR {prefix}fence:{key}} (DESIGN.md
 * {@code fence:{account}}). INCR is atomic and the counter never expires, so every number handed
 * out is larger than all earlier ones for the key, whichever instance asked. The client is not
 * owned and not closed here.
 */
public final class RedisFenceCounter implements FenceCounter {

  private final RedisAPI redis;
  private final String keyPrefix;

  public RedisFenceCounter(RedisAPI redis, String keyPrefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  @Override
  public Future<Long> next(String key) {
    Objects.requireNonNull(key, "key");
    return redis.incr(keyPrefix + "fence:" + key).map(reply -> reply.toLong());
  }

  @Override
  public String toString() {
    return "RedisFenceCounter[prefix=" + keyPrefix + "]";
  }
}
