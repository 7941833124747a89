package io.fleetpoller.poll;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.coord.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedSnapshots} shared by all instances: {@code {prefix}vehicle:{vehicle}} holds the
 * latest snapshot's JSON ({@link StoredSnapshot#toJson()}) with an expiry of {@link #RETENTION}, so
 * a car gone from the fleet does not stay forever.
 *
 * <p>{@link #put} is one Lua script that compares the stored {@code at} with the offered one and
 * writes only if the offered one is not older, so the check and the write are one atomic step
 * whichever instance sends them. A stored value the script cannot read (not JSON, no numeric
 * {@code at}, not a string) is replaced. {@link #get} treats such a value as absent and logs a
 * warning: a damaged snapshot must not stop polling.
 *
 * <p>Redis unreachable fails the future with "shared snapshots unavailable (Redis): …" within
 * {@link RedisConnector#COMMAND_TIMEOUT}. The client is not owned and not closed here.
 */
public final class RedisSharedSnapshots implements SharedSnapshots {

  /** How long a car's snapshot outlives its last update (real time, a retention bound). */
  static final Duration RETENTION = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(RedisSharedSnapshots.class);

  /**
   * KEYS[1]; ARGV[1] the JSON, ARGV[2] its at (epoch ms), ARGV[3] EX seconds. Replies 1 when
   * written, 0 when the stored snapshot is newer. Epoch milliseconds are below 2^53, so Lua's
   * doubles compare them exactly.
   */
  private static final String PUT_UNLESS_OLDER = """
      local stored = redis.pcall('GET', KEYS[1])
      if type(stored) == 'string' then
        local ok, decoded = pcall(cjson.decode, stored)
        if ok and type(decoded) == 'table' and type(decoded['%s']) == 'number'
            and decoded['%s'] > tonumber(ARGV[2]) then
          return 0
        end
      end
      redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
      return 1
      """.formatted(StoredSnapshot.AT, StoredSnapshot.AT);

  private final RedisAPI redis;
  private final String keyPrefix;

  private RedisSharedSnapshots(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  /** Snapshots on {@code api} (not owned) under {@code keyPrefix} (e.g. {@code fleet:}). */
  public static RedisSharedSnapshots create(RedisAPI api, String keyPrefix) {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    return new RedisSharedSnapshots(api, keyPrefix);
  }

  @Override
  public Future<Void> put(StoredSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    String key = key(snapshot.vehicle());
    List<String> args = List.of(PUT_UNLESS_OLDER, "1", key, snapshot.toJson().encode(),
        Long.toString(snapshot.at().toEpochMilli()), Long.toString(RETENTION.toSeconds()));
    return redis.eval(args)
        .recover(failure -> Future.failedFuture(unavailable(failure)))
        .map(reply -> {
          if (reply.toLong() == 0L) {
            LOG.debug("kept the newer snapshot of vehicle {}; the one taken at {} arrived late",
                v("vehicle", snapshot.vehicle()), snapshot.at());
          }
          return null;
        });
  }

  @Override
  public Future<Optional<StoredSnapshot>> get(String vehicle) {
    Objects.requireNonNull(vehicle, "vehicle");
    String key = key(vehicle);
    return redis.get(key)
        .map(reply -> reply == null ? Optional.<StoredSnapshot>empty() : read(key, vehicle, reply.toString()))
        .recover(failure -> {
          // A key of another type (say a hash) is a damaged value, not Redis being down.
          if (failure.getMessage() != null && failure.getMessage().startsWith("WRONGTYPE")) {
            LOG.warn("ignoring the snapshot in Redis key {}: the key is not a string", key);
            return Future.succeededFuture(Optional.empty());
          }
          return Future.failedFuture(unavailable(failure));
        });
  }

  @Override
  public String toString() {
    return "RedisSharedSnapshots[prefix=" + keyPrefix + "]";
  }

  String key(String vehicle) {
    return keyPrefix + "vehicle:" + vehicle;
  }

  private static Optional<StoredSnapshot> read(String key, String vehicle, String text) {
    StoredSnapshot snapshot;
    try {
      snapshot = StoredSnapshot.fromJson(new JsonObject(text));
    } catch (RuntimeException e) {
      LOG.warn("ignoring the unreadable snapshot in Redis key {}: {}", key, firstLine(e));
      return Optional.empty();
    }
    if (!snapshot.vehicle().equals(vehicle)) {
      LOG.warn("ignoring the snapshot in Redis key {}: it is of another vehicle", key);
      return Optional.empty();
    }
    return Optional.of(snapshot);
  }

  /** The failure's kind and first line, short: enough to tell what is wrong with the value. */
  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    if (message.length() > 200) {
      message = message.substring(0, 200) + "…";
    }
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  private static Throwable unavailable(Throwable failure) {
    return new IllegalStateException("shared snapshots unavailable (Redis): " + RedisConnector.describe(failure));
  }
}
