package io.fleetpoller.coord;

import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one pooled Redis client of a Vert.x instance, shared by the lock, the fence counter, the
 * token store and the consent states. Whoever {@link #connect connects} owns it and closes it; the
 * users it is handed to ({@code RedisLock}, {@code RedisTokenStore}, …) never close it.
 *
 * <p>The pooled client opens connections per request, so after Redis restarts the next request
 * simply reconnects. Every command is bounded by {@link #COMMAND_TIMEOUT} (the client itself has
 * none), and connecting by {@link #CONNECT_TIMEOUT}, so a dead or hung Redis shows as a failed
 * future within seconds rather than a caller waiting forever. A command that timed out may still
 * have run on the server.
 *
 * <p>A Redis URL may hold a password: it never appears in a log line, an exception message or
 * {@link #toString()}; see {@link #describe(Throwable)}.
 */
public final class RedisConnector {

  /** How long a command may take before its future fails; Redis answers in well under 1 ms. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
  /** How long opening a connection may take (a black-holed host would otherwise take minutes). */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Enough for a fleet's lock, token and lease traffic; waiters queue rather than fail at once. */
  private static final int MAX_POOL_SIZE = 8;
  private static final int MAX_POOL_WAITING = 1024;

  private static final Pattern URL = Pattern.compile("rediss?://\\S*", Pattern.CASE_INSENSITIVE);
  private static final Pattern USER_INFO = Pattern.compile("//[^@/\\s]*@");

  private final Redis client;
  private final RedisAPI api;

  private RedisConnector(Redis client) {
    this.client = client;
    this.api = RedisAPI.api(client);
  }

  /**
   * A client for {@code redis.url}.
   *
   * @throws IllegalArgumentException when {@code redis.url} is empty (embedded mode needs no Redis)
   */
  public static RedisConnector connect(Vertx vertx, FleetConfig.Redis config) {
    Objects.requireNonNull(config, "config");
    String url = config.url().orElseThrow(() -> new IllegalArgumentException(
        "redis.url (env FLEET_REDIS_URL) is empty: embedded mode uses no Redis"));
    return connect(vertx, url);
  }

  /** A client for {@code url} ({@code redis://[[user]:password@]host[:port][/db]}). */
  public static RedisConnector connect(Vertx vertx, String url) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(url, "url");
    if (!url.regionMatches(true, 0, "redis://", 0, 8) && !url.regionMatches(true, 0, "rediss://", 0, 9)) {
      // Never echo the value: it may be a URL with a password in a slightly wrong shape.
      throw new IllegalArgumentException(
          "redis.url (env FLEET_REDIS_URL) must start with redis:// or rediss:// (value not shown)");
    }
    RedisOptions options = new RedisOptions()
        .setConnectionString(url)
        .setMaxPoolSize(MAX_POOL_SIZE)
        .setMaxPoolWaiting(MAX_POOL_WAITING)
        .setNetClientOptions(new NetClientOptions()
            .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
            .setTcpKeepAlive(true)
            .setTcpNoDelay(true));
    return new RedisConnector(new TimeBoundRedis(Redis.createClient(vertx, options)));
  }

  /** The command API over the pooled client; every command is bounded by {@link #COMMAND_TIMEOUT}. */
  public RedisAPI api() {
    return api;
  }

  /** The pooled client itself, for {@code send}/{@code batch} or a dedicated {@code connect()}. */
  public Redis client() {
    return client;
  }

  /** Succeeds when Redis answers PING (for readiness checks and start-up). */
  public Future<Void> ping() {
    return api.ping(List.of()).mapEmpty();
  }

  /** Closes the pool; the users it was handed to fail from then on. */
  public Future<Void> close() {
    return client.close();
  }

  /**
   * What went wrong talking to Redis, fit for a log line or an exception message: the exception's
   * kind and message with any {@code redis://…} URL removed and user info masked. Host and port may
   * remain (they are not secret and say which server was unreachable).
   */
  public static String describe(Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    if (failure instanceof java.nio.channels.ClosedChannelException) {
      return "connection to Redis closed";
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    message = URL.matcher(message).replaceAll("<redis url>");
    message = USER_INFO.matcher(message).replaceAll("//***@");
    String kind = failure.getClass().getSimpleName();
    return message.isBlank() ? kind : kind + ": " + message;
  }

  @Override
  public String toString() {
    return "RedisConnector[pool=" + MAX_POOL_SIZE + "]";
  }

  /** Bounds every pooled command in time; a dedicated connection is handed out as it is. */
  private static final class TimeBoundRedis implements Redis {
    private final Redis delegate;

    TimeBoundRedis(Redis delegate) {
      this.delegate = delegate;
    }

    @Override
    public Future<RedisConnection> connect() {
      return delegate.connect();
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }

    @Override
    public Future<Response> send(Request command) {
      return delegate.send(command).timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Future<List<Response>> batch(List<Request> commands) {
      return delegate.batch(commands).timeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
