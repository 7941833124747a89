package io.fleetpoller.poll;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.PricingConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The poller's own meters (DESIGN.md, "Metrics"): {@code fleet_poll_schedule_lag_seconds}, how
 * late due polls start in real time (the scheduling engine's health: one timer and one queue for
 * the whole fleet must keep this near zero with thousands of cars), and
 * {@code fleet_budget_remaining_usd{scope="app"}}.
 */
public final class PollMetrics {

  private final Timer lag;

  public PollMetrics(MeterRegistry registry, Budget budget, FleetClock clock) {
    this.lag = Timer.builder("fleet.poll.schedule.lag")
        .description("Real time between a poll's due time and its start")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    Gauge.builder("fleet.budget.remaining.usd", budget, b -> PricingConfig.toUsd(b.remainingMicroUsd(clock.now())))
        .description("What polling.budget.monthlyUsd has left this month, all instances together")
        .tag("scope", "app")
        .register(registry);
  }

  /** For a poller whose meters nobody reads (tests, embedded tools). */
  static PollMetrics discarding(Budget budget, FleetClock clock) {
    return new PollMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), budget, clock);
  }

  void scheduleLag(Duration real) {
    lag.record(real.isNegative() ? Duration.ZERO : real);
  }
}
