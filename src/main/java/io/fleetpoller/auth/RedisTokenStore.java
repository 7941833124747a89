package io.fleetpoller.auth;

import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisReplies;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared token store: one hash per account, {@code {prefix}tokens:{account}} (DESIGN.md "Redis
 * keys"), with fields {@code refresh_token} and {@code access_token} sealed by {@link TokenCipher}
 * (same associated data as the file store), {@code expires_at} (epoch ms, absent without an access
 * token), {@code version}, {@code updated_at} (epoch ms) and {@code fence} in clear.
 *
 * <p>{@link #compareAndSet} is one Lua script, so the version check, the fence check and the write
 * are one atomic step in Redis whichever instance sends it. Durability is Redis' own (AOF with
 * {@code appendfsync always} or {@code everysec} in production).
 *
 * <p>The store does not own its {@link RedisAPI}: {@link #close()} only stops this store from
 * taking work; the {@link RedisConnector} that made the client closes it. Redis being unreachable
 * fails the future with reason {@code IO} within {@link RedisConnector#COMMAND_TIMEOUT} and, since
 * the pooled client connects per request, the same store works again once Redis is back.
 */
public final class RedisTokenStore implements TokenStore {

  static final String REFRESH_TOKEN = "refresh_token";
  static final String ACCESS_TOKEN = "access_token";
  static final String EXPIRES_AT = "expires_at";
  static final String VERSION = "version";
  static final String UPDATED_AT = "updated_at";
  static final String FENCE = "fence";

  /**
   * KEYS[1] the hash; ARGV: expected version, offered fence, refresh, access ('' = none), expires_at
   * ('' = none), updated_at, the version to write. Numbers that are written go in as the strings
   * Java made: Lua would print large numbers in exponent form. Replies: {'ok', fence written},
   * {'conflict', stored version}, {'stale_fence', stored fence}.
   */
  private static final String COMPARE_AND_SET = """
      local stored_version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
      local stored_fence_text = redis.call('HGET', KEYS[1], 'fence') or '0'
      local stored_fence = tonumber(stored_fence_text)
      local offered_fence = tonumber(ARGV[2])
      if offered_fence > 0 and stored_fence > offered_fence then
        return {'stale_fence', stored_fence_text}
      end
      if stored_version ~= tonumber(ARGV[1]) then
        return {'conflict', tostring(redis.call('HGET', KEYS[1], 'version') or '0')}
      end
      local fence = ARGV[2]
      if stored_fence > offered_fence then fence = stored_fence_text end
      redis.call('HSET', KEYS[1], 'refresh_token', ARGV[3], 'version', ARGV[7],
        'updated_at', ARGV[6], 'fence', fence)
      if ARGV[4] == '' then
        redis.call('HDEL', KEYS[1], 'access_token', 'expires_at')
      elseif ARGV[5] == '' then
        redis.call('HSET', KEYS[1], 'access_token', ARGV[4])
        redis.call('HDEL', KEYS[1], 'expires_at')
      else
        redis.call('HSET', KEYS[1], 'access_token', ARGV[4], 'expires_at', ARGV[5])
      end
      return {'ok', fence}
      """;

  /** SCAN's page size: a hint, so a big keyspace is walked in steps without blocking Redis. */
  private static final String SCAN_COUNT = "200";

  private final RedisAPI redis;
  private final String keyPrefix;
  private final TokenCipher cipher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisTokenStore(RedisAPI redis, String keyPrefix, TokenCipher cipher) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.cipher = cipher;
  }

  /**
   * A store on {@code redis} (not owned: see the class comment) under {@code keyPrefix} (e.g.
   * {@code fleet:}), sealing tokens with {@code cipher}.
   */
  public static RedisTokenStore create(RedisAPI redis, String keyPrefix, TokenCipher cipher) {
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(cipher, "cipher");
    return new RedisTokenStore(redis, keyPrefix, cipher);
  }

  @Override
  public Future<Optional<TokenRecord>> load(String account) {
    Objects.requireNonNull(account, "account");
    return guarded(() -> redis.hgetall(key(account)))
        .map(reply -> {
          Map<String, String> fields = RedisReplies.hash(reply);
          return fields.isEmpty() ? Optional.<TokenRecord>empty() : Optional.of(record(account, fields));
        });
  }

  @Override
  public Future<List<String>> accounts() {
    String match = escapeGlob(keyPrefix + "tokens:") + "*";
    return guarded(() -> scan("0", match, new TreeSet<>())).map(List::copyOf);
  }

  @Override
  public Future<TokenRecord> compareAndSet(TokenRecord next, long expectedVersion) {
    Objects.requireNonNull(next, "next");
    if (expectedVersion < 0) {
      return Future.failedFuture(new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion));
    }
    String account = next.account();
    List<String> args = new ArrayList<>(List.of(COMPARE_AND_SET, "1", key(account)));
    args.add(Long.toString(expectedVersion));
    args.add(Long.toString(next.fence()));
    args.add(cipher.encrypt(next.refreshToken(), account, REFRESH_TOKEN));
    args.add(next.accessToken() == null ? "" : cipher.encrypt(next.accessToken(), account, ACCESS_TOKEN));
    args.add(next.accessToken() == null || next.accessExpiresAt() == null
        ? "" : Long.toString(next.accessExpiresAt().toEpochMilli()));
    args.add(Long.toString(next.updatedAt().toEpochMilli()));
    args.add(Long.toString(expectedVersion + 1));
    return guarded(() -> redis.eval(args)).map(reply -> {
      String outcome = reply.get(0).toString();
      long number = Long.parseLong(reply.get(1).toString());
      switch (outcome) {
        case "ok":
          return new TokenRecord(account, next.refreshToken(), next.accessToken(),
              next.accessToken() == null ? null : next.accessExpiresAt(), expectedVersion + 1,
              next.updatedAt(), number);
        case "conflict":
          throw new TokenStoreException.VersionConflict(account, expectedVersion, number);
        case "stale_fence":
          throw new TokenStoreException.StaleFence(account, next.fence(), number);
        default:
          throw new IllegalStateException("unexpected reply from the compare-and-set script: " + outcome);
      }
    });
  }

  /** Stops taking work; the Redis client is not closed (it is not this store's). */
  @Override
  public Future<Void> close() {
    closed.set(true);
    return Future.succeededFuture();
  }

  @Override
  public String toString() {
    return "RedisTokenStore[prefix=" + keyPrefix + "]";
  }

  String key(String account) {
    return keyPrefix + "tokens:" + account;
  }

  private Future<TreeSet<String>> scan(String cursor, String match, TreeSet<String> found) {
    return redis.scan(List.of(cursor, "MATCH", match, "COUNT", SCAN_COUNT)).compose(reply -> {
      int skip = (keyPrefix + "tokens:").length();
      // SCAN may return a key twice; the set removes the repeats.
      for (Response key : reply.get(1)) {
        found.add(key.toString().substring(skip));
      }
      String nextCursor = reply.get(0).toString();
      return "0".equals(nextCursor) ? Future.succeededFuture(found) : scan(nextCursor, match, found);
    });
  }

  private TokenRecord record(String account, Map<String, String> fields) {
    String where = "Redis key " + key(account);
    String refreshSealed = fields.get(REFRESH_TOKEN);
    if (refreshSealed == null) {
      throw corrupt(where, "has no " + REFRESH_TOKEN);
    }
    long version = number(fields, VERSION, where);
    if (version < 1) {
      throw corrupt(where, VERSION + " must be a whole number >= 1");
    }
    long updatedAt = number(fields, UPDATED_AT, where);
    long fence = fields.containsKey(FENCE) ? number(fields, FENCE, where) : 0;
    String accessSealed = fields.get(ACCESS_TOKEN);
    Instant expiresAt = fields.containsKey(EXPIRES_AT)
        ? Instant.ofEpochMilli(number(fields, EXPIRES_AT, where)) : null;
    return new TokenRecord(
        account,
        decrypt(refreshSealed, account, REFRESH_TOKEN),
        accessSealed == null ? null : decrypt(accessSealed, account, ACCESS_TOKEN),
        accessSealed == null ? null : expiresAt,
        version,
        Instant.ofEpochMilli(updatedAt),
        fence);
  }

  private String decrypt(String sealed, String account, String field) {
    try {
      return cipher.decrypt(sealed, account, field);
    } catch (TokenStoreException e) {
      // The cipher's message speaks of a file; say where this value lives instead.
      throw new TokenStoreException(TokenStoreException.Reason.CANNOT_DECRYPT,
          "cannot decrypt " + field + " for account " + account
              + ": wrong tokens.encryptionKey or value altered in Redis");
    }
  }

  private <T> Future<T> guarded(java.util.function.Supplier<Future<T>> work) {
    if (closed.get()) {
      return Future.failedFuture(new TokenStoreException(TokenStoreException.Reason.CLOSED,
          "token store (Redis, prefix " + keyPrefix + ") is closed"));
    }
    Future<T> started;
    try {
      started = work.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    return started.recover(failure -> Future.failedFuture(unavailable(failure)));
  }

  /** Leaves the store's own outcomes as they are; anything else means Redis could not be used. */
  private static Throwable unavailable(Throwable failure) {
    if (failure instanceof TokenStoreException || failure instanceof IllegalArgumentException) {
      return failure;
    }
    return new TokenStoreException(TokenStoreException.Reason.IO,
        "token store unavailable (Redis): " + RedisConnector.describe(failure));
  }

  private static long number(Map<String, String> fields, String field, String where) {
    String value = fields.get(field);
    if (value == null) {
      throw corrupt(where, "has no " + field);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw corrupt(where, field + " is not a whole number");
    }
  }

  private static TokenStoreException corrupt(String where, String what) {
    return new TokenStoreException(TokenStoreException.Reason.CORRUPT,
        where + " is unreadable: " + what + "; it was left untouched (log in again to replace it)");
  }

  /** Escapes SCAN MATCH's glob characters so a prefix is matched literally. */
  static String escapeGlob(String literal) {
    StringBuilder out = new StringBuilder(literal.length());
    for (char c : literal.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
