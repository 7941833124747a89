package io.fleetpoller.auth;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Optional;

/** {@link ConsentMarks} shared by all instances: {@code {prefix}consent-required:{account}} = reason. */
public final class RedisConsentMarks implements ConsentMarks {

  private final RedisAPI redis;
  private final String keyPrefix;

  public RedisConsentMarks(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  private String key(String account) {
    return keyPrefix + "consent-required:" + account;
  }

  @Override
  public Future<Optional<String>> reason(String account) {
    return redis.get(key(account)).map(value -> Optional.ofNullable(value).map(Object::toString));
  }

  @Override
  public Future<Void> mark(String account, String reason) {
    return redis.set(List.of(key(account), reason)).mapEmpty();
  }

  @Override
  public Future<Void> clear(String account) {
    return redis.del(List.of(key(account))).mapEmpty();
  }
}
