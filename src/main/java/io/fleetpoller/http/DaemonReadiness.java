package io.fleetpoller.http;

import io.fleetpoller.auth.AccountStatus;
import io.fleetpoller.auth.AccountStatusView;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The named checks behind {@code GET /health/ready}: {@value #REDIS} (Redis answers PING; only when
 * {@code redis.url} is set), {@value #TOKENS} (at least one account has a usable token) and
 * {@value #POLLER} (the scheduler runs and its first round of vehicle lists is done). Each answers
 * UP or DOWN with a little data for the operator: counts, states and account ids, never a token
 * or a Redis URL.
 */
public final class DaemonReadiness {

  public static final String REDIS = "redis";
  public static final String TOKENS = "tokens";
  public static final String POLLER = "poller";

  /**
   * A check that takes longer is DOWN. It is shorter than the health-check library's own timeout,
   * which would answer 500 ("procedure failed") rather than the 503 an orchestrator expects.
   */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
  private static final long PROCEDURE_TIMEOUT_MILLIS = CHECK_TIMEOUT.toMillis() + 2_000;

  private DaemonReadiness() {}

  /**
   * @param redisPing succeeds when Redis answers; empty in embedded mode (no {@code redis.url}),
   *     where no {@value #REDIS} check is registered
   * @param accounts the stored accounts' token health
   * @param pollerReady true once the poller's scheduler runs and has listed the vehicles once
   */
  public static HealthChecks create(Vertx vertx, Optional<Supplier<Future<Void>>> redisPing,
      AccountStatusView accounts, FleetClock clock, BooleanSupplier pollerReady) {
    Objects.requireNonNull(redisPing, "redisPing");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pollerReady, "pollerReady");
    HealthChecks checks = HealthChecks.create(vertx);
    redisPing.ifPresent(ping -> checks.register(REDIS, PROCEDURE_TIMEOUT_MILLIS, promise ->
        bounded(ping.get())
            .map(ok -> Status.OK())
            .otherwise(err -> Status.KO(new JsonObject().put("error", RedisConnector.describe(err))))
            .onComplete(promise)));
    checks.register(TOKENS, PROCEDURE_TIMEOUT_MILLIS, promise ->
        bounded(accounts.accounts())
            .map(all -> tokenStatus(all, clock.now()))
            // describe() keeps a Redis URL (and its password) out of the body should the store's error name it.
            .otherwise(err -> Status.KO(new JsonObject().put("error",
                "the token store could not be read: " + RedisConnector.describe(err))))
            .onComplete(promise));
    checks.register(POLLER, PROCEDURE_TIMEOUT_MILLIS, promise -> promise.complete(pollerReady.getAsBoolean()
        ? Status.OK()
        : Status.KO(new JsonObject().put("reason", "the first round of vehicle lists has not finished"))));
    return checks;
  }

  /**
   * UP when at least one account can be polled: ACTIVE (its token works or can be refreshed), or
   * REFRESH_FAILING with an access token that has not expired yet. NEEDS_CONSENT never counts: its
   * cars are not polled until a person consents again.
   */
  static Status tokenStatus(List<AccountStatus> accounts, Instant now) {
    JsonObject notUsable = new JsonObject();
    long usable = 0;
    for (AccountStatus account : accounts) {
      if (usable(account, now)) {
        usable++;
      } else {
        notUsable.put(account.account(), account.state().name().toLowerCase());
      }
    }
    JsonObject data = new JsonObject().put("accounts", accounts.size()).put("usable", usable);
    if (!notUsable.isEmpty()) {
      data.put("not_usable", notUsable);
    }
    if (usable > 0) {
      return Status.OK(data);
    }
    return Status.KO(data.put("reason", accounts.isEmpty()
        ? "no account is stored: log in at /auth/login?account=ID or run `token import`"
        : "no account has a usable token: consent again at /auth/login?account=ID"));
  }

  static boolean usable(AccountStatus account, Instant now) {
    return switch (account.state()) {
      case ACTIVE -> true;
      case REFRESH_FAILING -> account.accessExpiresAt().map(now::isBefore).orElse(false);
      case NEEDS_CONSENT -> false;
    };
  }

  private static <T> Future<T> bounded(Future<T> check) {
    return check.timeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
