package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The token meters of DESIGN.md: {@code fleet_token_refresh_total{account,result}},
 * {@code fleet_lock_acquire_total{lock,result}}, {@code fleet_token_expires_in_seconds{account}};
 * and {@code fleet_account_state{account,state}}, 1 for the account's current {@link AccountState}
 * and 0 for the others, so an alert on {@code needs_consent} fires for as long as it lasts.
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
  private final Function<String, AccountState> stateOf;
  private final Set<String> trackedAccounts = ConcurrentHashMap.newKeySet();

  TokenMetrics(MeterRegistry registry, FleetClock clock, Function<String, Instant> expiryOf,
      Function<String, AccountState> stateOf) {
    this.registry = registry;
    this.clock = clock;
    this.expiryOf = expiryOf;
    this.stateOf = stateOf;
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

  /** Starts the expiry and state gauges for an account the first time it is seen. */
  void track(String account) {
    if (trackedAccounts.add(account)) {
      Gauge.builder("fleet.token.expires.in.seconds", () -> {
            Instant expiry = expiryOf.apply(account);
            return expiry == null ? Double.NaN : Duration.between(clock.now(), expiry).toMillis() / 1000.0;
          })
          .description("Seconds until the account's access token expires (negative: expired)")
          .tag("account", account)
          .register(registry);
      for (AccountState state : AccountState.values()) {
        Gauge.builder("fleet.account.state", () -> stateOf.apply(account) == state ? 1 : 0)
            .description("1 for the account's current state (active, refresh_failing, needs_consent), 0 for the others")
            .tags("account", account, "state", state.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
    }
  }
}
