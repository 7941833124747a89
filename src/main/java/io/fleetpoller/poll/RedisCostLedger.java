package io.fleetpoller.poll;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisReplies;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CostLedger} shared by all instances: one hash per month, {@code {prefix}ledger:{yyyy-mm}}
 * (DESIGN.md "Redis keys"), with the fields {@code total:usd_micro}, {@code total:calls},
 * {@code account:{a}:usd_micro}, {@code account:{a}:calls}, {@code vehicle:{v}:usd_micro},
 * {@code vehicle:{v}:calls}, {@code kind:{wire}:usd_micro} and {@code kind:{wire}:calls}.
 *
 * <p>{@link #record} is one Lua script (EVAL): all its HINCRBYs reach Redis in one round trip and
 * run as one atomic step, so instances recording at once never lose an increment and a reader
 * never sees a call counted in the totals but not yet per vehicle. A script rather than MULTI/EXEC
 * because MULTI/EXEC must travel on one connection, and the pooled {@link RedisAPI} sends each
 * command on whichever connection is free; the script also checks every field first and writes
 * nothing if one holds a non-integer (Redis does not roll back a half-run script or transaction).
 * Each record pushes the key's expiry to {@link #RETENTION} ahead, so old months disappear.
 *
 * <p>Redis unreachable fails the future with "cost ledger unavailable (Redis): …" within
 * {@link RedisConnector#COMMAND_TIMEOUT}; a record that timed out may still have been counted. The
 * pooled client reconnects per request, so the same ledger works again once Redis is back. The
 * client is not owned and not closed here.
 */
public final class RedisCostLedger implements CostLedger {

  /** How long a month's hash outlives its last write: a year of history plus a month of slack. */
  static final Duration RETENTION = Duration.ofDays(400);

  private static final Logger LOG = LoggerFactory.getLogger(RedisCostLedger.class);

  private static final String USD = "usd_micro";
  private static final String CALLS = "calls";
  private static final String TOTAL_USD = "total:" + USD;
  private static final String TOTAL_CALLS = "total:" + CALLS;

  /**
   * KEYS[1] the month's hash; ARGV[1] micro-USD, ARGV[2] expiry in seconds, then pairs of fields
   * (micro-USD field, calls field). Replies {'ok'} or {'corrupt', field} (nothing written).
   */
  private static final String RECORD = """
      for i = 3, #ARGV do
        local v = redis.call('HGET', KEYS[1], ARGV[i])
        if v and not string.match(v, '^%-?%d+$') then return {'corrupt', ARGV[i]} end
      end
      for i = 3, #ARGV, 2 do
        redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[1])
        redis.call('HINCRBY', KEYS[1], ARGV[i + 1], 1)
      end
      redis.call('EXPIRE', KEYS[1], ARGV[2])
      return {'ok'}
      """;

  private final RedisAPI redis;
  private final String keyPrefix;

  private RedisCostLedger(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  /** A ledger on {@code api} (not owned) under {@code keyPrefix} (e.g. {@code fleet:}). */
  public static RedisCostLedger create(RedisAPI api, String keyPrefix) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    return new RedisCostLedger(api, keyPrefix);
  }

  @Override
  public Future<Void> record(String account, String vehicle, ApiCallKind kind, long microUsd, Instant at) {
    try {
      InMemoryCostLedger.checkRecord(account, vehicle, kind, microUsd, at);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String key = key(CostLedger.monthOf(at));
    List<String> args = new ArrayList<>(List.of(RECORD, "1", key,
        Long.toString(microUsd), Long.toString(RETENTION.toSeconds())));
    args.addAll(fields(account, vehicle, kind));
    return guarded(() -> redis.eval(args)).compose(reply -> {
      String outcome = reply.get(0).toString();
      if ("ok".equals(outcome)) {
        return Future.<Void>succeededFuture();
      }
      if ("corrupt".equals(outcome)) {
        return Future.failedFuture(new IllegalStateException("cost ledger: field " + reply.get(1)
            + " of Redis key " + key + " is not a whole number; nothing was recorded (fix or delete the field)"));
      }
      return Future.failedFuture(new IllegalStateException("unexpected reply from the ledger script: " + outcome));
    });
  }

  @Override
  public Future<LedgerMonth> month(YearMonth month) {
    if (month == null) {
      return Future.failedFuture(new IllegalArgumentException("month must not be null"));
    }
    String key = key(month);
    return guarded(() -> redis.hgetall(key)).map(reply -> parse(month, RedisReplies.hash(reply),
        (field, problem) -> LOG.warn("cost ledger: skipped field {} of Redis key {}: {}", field, key, problem)));
  }

  @Override
  public String toString() {
    return "RedisCostLedger[prefix=" + keyPrefix + "]";
  }

  String key(YearMonth month) {
    // YearMonth prints as yyyy-MM for the years this will see.
    return keyPrefix + "ledger:" + month;
  }

  /** The fields one call adds to, as (micro-USD, calls) pairs: totals, account, vehicle, kind. */
  static List<String> fields(String account, String vehicle, ApiCallKind kind) {
    List<String> fields = new ArrayList<>(8);
    fields.add(TOTAL_USD);
    fields.add(TOTAL_CALLS);
    fields.add("account:" + account + ":" + USD);
    fields.add("account:" + account + ":" + CALLS);
    if (vehicle != null) {
      fields.add("vehicle:" + vehicle + ":" + USD);
      fields.add("vehicle:" + vehicle + ":" + CALLS);
    }
    fields.add("kind:" + kind.wireName() + ":" + USD);
    fields.add("kind:" + kind.wireName() + ":" + CALLS);
    return fields;
  }

  /**
   * A month from its hash. A value that is not a whole number is skipped and reported to
   * {@code skipped} (field, problem; never the value), so one damaged field cannot hide the rest.
   * Fields of another shape (a later version's) are ignored. Account and vehicle ids may contain
   * ':': only the first segment and the last are the layout's.
   */
  static LedgerMonth parse(YearMonth month, Map<String, String> hash, BiConsumer<String, String> skipped) {
    long totalMicroUsd = 0;
    long totalCalls = 0;
    Map<String, Long> microUsdByVehicle = new HashMap<>();
    Map<String, Long> callsByVehicle = new HashMap<>();
    Map<String, Long> microUsdByAccount = new HashMap<>();
    Map<String, Long> callsByKind = new HashMap<>();
    for (Map.Entry<String, String> entry : hash.entrySet()) {
      String field = entry.getKey();
      boolean totalUsd = TOTAL_USD.equals(field);
      boolean totalCallsField = TOTAL_CALLS.equals(field);
      Map<String, Long> target = null;
      String id = null;
      if (!totalUsd && !totalCallsField) {
        int first = field.indexOf(':');
        int last = field.lastIndexOf(':');
        if (first < 0 || last <= first + 1) {
          continue; // not scope:id:measure
        }
        id = field.substring(first + 1, last);
        target = switch (field.substring(0, first) + field.substring(last)) {
          case "vehicle:" + USD -> microUsdByVehicle;
          case "vehicle:" + CALLS -> callsByVehicle;
          case "account:" + USD -> microUsdByAccount;
          case "kind:" + CALLS -> callsByKind;
          // account calls and kind micro-USD are kept in Redis but are not part of LedgerMonth
          default -> null;
        };
        if (target == null) {
          continue;
        }
      }
      long value;
      try {
        value = Long.parseLong(entry.getValue());
      } catch (NumberFormatException e) {
        skipped.accept(field, "value is not a whole number");
        continue;
      }
      if (totalUsd) {
        totalMicroUsd = value;
      } else if (totalCallsField) {
        totalCalls = value;
      } else {
        target.put(id, value);
      }
    }
    return new LedgerMonth(month, totalMicroUsd, totalCalls, microUsdByVehicle, callsByVehicle,
        microUsdByAccount, callsByKind);
  }

  private static <T> Future<T> guarded(java.util.function.Supplier<Future<T>> work) {
    Future<T> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    return started.recover(failure -> Future.failedFuture(
        new IllegalStateException("cost ledger unavailable (Redis): " + RedisConnector.describe(failure))));
  }
}
