package io.fleetpoller.triage;

import io.fleetpoller.coord.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The distributed triage log: the capped stream {@code {prefix}triage} (DESIGN.md, "Redis keys"),
 * one entry per published event with its JSON in the field {@code event}, trimmed to about
 * {@code maxLength} entries on every append ({@code XADD MAXLEN ~}).
 */
public final class RedisTriageLog implements TriageLog {

  /** How far back a filtered read looks: a filter may skip many entries. */
  private static final int SCAN_LIMIT = 2_000;

  private final RedisAPI redis;
  private final String key;
  private final int maxLength;

  private RedisTriageLog(RedisAPI redis, String key, int maxLength) {
    this.redis = redis;
    this.key = key;
    this.maxLength = maxLength;
  }

  public static RedisTriageLog create(RedisAPI redis, String keyPrefix, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
    }
    return new RedisTriageLog(redis, keyPrefix + "triage", maxLength);
  }

  @Override
  public Future<Void> append(JsonObject event) {
    return redis.xadd(List.of(key, "MAXLEN", "~", String.valueOf(maxLength), "*", "event", event.encode()))
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "triage log unavailable (Redis): " + RedisConnector.describe(err))))
        .mapEmpty();
  }

  @Override
  public Future<List<JsonObject>> recent(int limit, Optional<String> account, Optional<String> reason) {
    boolean filtered = account.isPresent() || reason.isPresent();
    int count = filtered ? SCAN_LIMIT : limit;
    return redis.xrevrange(List.of(key, "+", "-", "COUNT", String.valueOf(count)))
        .recover(err -> Future.failedFuture(new IllegalStateException(
            "triage log unavailable (Redis): " + RedisConnector.describe(err))))
        .map(entries -> {
          List<JsonObject> out = new ArrayList<>();
          if (entries == null) {
            return out;
          }
          for (Response entry : entries) {
            if (out.size() >= limit) {
              break;
            }
            eventOf(entry).filter(e -> TriageLog.matches(e, account, reason)).ifPresent(out::add);
          }
          return out;
        });
  }

  /** An entry is [id, [field, value, ...]]; anything else (or bad JSON) is skipped. */
  private static Optional<JsonObject> eventOf(Response entry) {
    if (entry == null || entry.size() < 2 || entry.get(1) == null) {
      return Optional.empty();
    }
    Response fields = entry.get(1);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if ("event".equals(fields.get(i).toString())) {
        try {
          return Optional.of(new JsonObject(fields.get(i + 1).toString()));
        } catch (DecodeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
