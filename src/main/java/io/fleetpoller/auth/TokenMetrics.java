package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The token meters of DESIGN.md: {@code fleet_token_refresh_total{account,result}},
 * {@code fleet_lock_acquire_total{lock,result}}, {@code fleet_token_expires_in_seconds{account}}.
 */
final class TokenMetrics {

  /** Results of a refresh attempt, as metric label values. */
  static final String SUCCESS = "success";
  static final String SUCCESS_UNPERSISTED = "success_unpersisted";
  static final String PEER_REFRESHED = "peer_refreshed";
  static final String LOGIN_REQUIRED = "login_required";
  static final String LOST_RESPONSE = "lost_response";
  static final String TRANSIENT_FAILURE = "transient_failure";

  private final MeterRegistry registry;
  private final FleetClock clock;
  private final Function<String, Instant> expiryOf;
  private final Set<String> trackedAccounts = ConcurrentHashMap.newKeySet();

  TokenMetrics(MeterRegistry registry, FleetClock clock, Function<String, Instant> expiryOf) {
    this.registry = registry;
    this.clock = clock;
    this.expiryOf = expiryOf;
  }

  void refresh(String account, String result) {
    Counter.builder("fleet.token.refresh")
        .description("Refresh attempts by result")
        .tags("account", account, "result", result)
        .register(registry)
        .increment();
  }

  void lockAcquire(String lock, boolean acquired) {
    Counter.builder("fleet.lock.acquire")
        .description("Lock acquisition attempts: acquired or busy (held elsewhere)")
        .tags("lock", lock, "result", acquired ? "acquired" : "busy")
        .register(registry)
        .increment();
  }

  /** Starts the expiry gauge for an account the first time it is seen. */
  void track(String account) {
    if (trackedAccounts.add(account)) {
      Gauge.builder("fleet.token.expires.in.seconds", () -> {
            Instant expiry = expiryOf.apply(account);
            return expiry == null ? Double.NaN : Duration.between(clock.now(), expiry).toMillis() / 1000.0;
          })
          .description("Seconds until the account's access token expires (negative: expired)")
          .tag("account", account)
          .register(registry);
    }
  }
}
