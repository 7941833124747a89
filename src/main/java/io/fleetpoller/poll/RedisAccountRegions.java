package io.fleetpoller.poll;

import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisReplies;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;

/** {@link AccountRegions} in the hash {@code {prefix}regions}: field account, value base URL. */
public final class RedisAccountRegions implements AccountRegions {

  private final RedisAPI redis;
  private final String key;

  public RedisAccountRegions(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.key = keyPrefix + "regions";
  }

  @Override
  public Future<Map<String, String>> all() {
    return redis.hgetall(key)
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "account regions unavailable (Redis): " + RedisConnector.describe(err))))
        .map(RedisReplies::hash);
  }

  @Override
  public Future<Void> set(String account, String baseUrl) {
    return redis.hset(List.of(key, account, baseUrl))
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "account regions unavailable (Redis): " + RedisConnector.describe(err))))
        .mapEmpty();
  }
}
