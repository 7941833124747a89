package io.fleetpoller.poll;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.config.PricingConfig;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The month's API spend against {@code polling.budget}: every priced call goes to the shared
 * {@link CostLedger}, and each poll asks {@link #pace} how far its interval should stretch and
 * whether the hard cap stops it. The month's figures are read back from the ledger on
 * {@link #refresh} (the poller does it once a list cycle), plus what this instance spent since, so
 * all instances pace on the fleet's spend without a ledger read per poll. Calls counted both in a
 * refresh and locally are counted twice for a moment: the error is on the safe side.
 *
 * <p>Thread-safe: calls are recorded from whichever event loop made them.
 */
public final class Budget {

  private static final Logger LOG = LoggerFactory.getLogger(Budget.class);
  /** Intervals stretch at most this much before the cap; driving has its own, lower cap. */
  static final double MAX_STRETCH = 8.0;

  private final CostLedger ledger;
  private final BudgetPacer app;
  private final BudgetPacer perVehicle;

  private LedgerMonth base;
  /** The month the local figures belong to; they count for no other. */
  private YearMonth localMonth;
  private long localTotal;
  private final Map<String, Long> localByVehicle = new HashMap<>();

  public Budget(CostLedger ledger, FleetConfig.Budget config) {
    this.ledger = ledger;
    this.app = new BudgetPacer(PricingConfig.toMicroUsd(config.monthlyUsd()), MAX_STRETCH);
    this.perVehicle = config.monthlyUsdPerVehicle()
        .map(usd -> new BudgetPacer(PricingConfig.toMicroUsd(usd), MAX_STRETCH)).orElse(null);
  }

  /** Adds a priced call to the ledger and to this instance's running figures. */
  public void record(String account, String vehicle, ApiCallKind kind, long microUsd, Instant at) {
    if (microUsd <= 0) {
      return;
    }
    synchronized (this) {
      YearMonth month = monthOf(at);
      if (!month.equals(localMonth)) {
        localMonth = month;
        localByVehicle.clear();
        localTotal = 0;
      }
      localTotal += microUsd;
      if (vehicle != null) {
        localByVehicle.merge(vehicle, microUsd, Long::sum);
      }
    }
    ledger.record(account, vehicle, kind, microUsd, at)
        .onFailure(err -> LOG.warn("could not add a call to the cost ledger: {}", err.getMessage()));
  }

  /** Reads the month's spend of all instances; on failure the last figures stay in use. */
  public Future<Void> refresh(Instant now) {
    YearMonth month = monthOf(now);
    long localAtStart;
    Map<String, Long> localByVehicleAtStart;
    synchronized (this) {
      boolean sameMonth = month.equals(localMonth);
      localAtStart = sameMonth ? localTotal : 0;
      localByVehicleAtStart = sameMonth ? Map.copyOf(localByVehicle) : Map.of();
    }
    return ledger.month(month).onSuccess(read -> {
      synchronized (this) {
        base = read;
        if (!month.equals(localMonth)) {
          return;
        }
        // What was recorded after the read started may be missing from it: keep only that part.
        localTotal -= localAtStart;
        localByVehicleAtStart.forEach((vin, spent) -> localByVehicle.computeIfPresent(vin,
            (key, now2) -> now2 - spent == 0 ? null : now2 - spent));
      }
    }).onFailure(err -> LOG.warn("could not read the cost ledger; pacing on the last figures: {}",
        err.getMessage())).mapEmpty();
  }

  /**
   * How a poll of {@code vehicle} may go now: the larger stretch of the app's and the vehicle's
   * budgets, and the cap if either is spent.
   */
  public synchronized BudgetPacer.Pace pace(String vehicle, Instant now) {
    BudgetPacer.Pace whole = app.pace(spentTotal(now), now);
    if (perVehicle == null || vehicle == null) {
      return whole;
    }
    BudgetPacer.Pace own = perVehicle.pace(spentBy(vehicle, now), now);
    return new BudgetPacer.Pace(Math.max(whole.stretch(), own.stretch()), whole.capReached() || own.capReached(),
        Math.min(whole.remainingMicroUsd(), own.remainingMicroUsd()));
  }

  /** What the app's monthly budget has left. */
  public synchronized long remainingMicroUsd(Instant now) {
    return app.pace(spentTotal(now), now).remainingMicroUsd();
  }

  /** What the vehicle's own monthly budget has left, when one is set. */
  public synchronized Optional<Long> remainingMicroUsd(String vehicle, Instant now) {
    return perVehicle == null ? Optional.empty()
        : Optional.of(perVehicle.pace(spentBy(vehicle, now), now).remainingMicroUsd());
  }

  /** This month's spend as far as this instance knows. */
  public synchronized long spentMicroUsd(Instant now) {
    return spentTotal(now);
  }

  private long spentTotal(Instant now) {
    YearMonth month = monthOf(now);
    return (base != null && base.month().equals(month) ? base.totalMicroUsd() : 0)
        + (month.equals(localMonth) ? localTotal : 0);
  }

  private long spentBy(String vehicle, Instant now) {
    YearMonth month = monthOf(now);
    return (base != null && base.month().equals(month) ? base.microUsdOf(vehicle) : 0)
        + (month.equals(localMonth) ? localByVehicle.getOrDefault(vehicle, 0L) : 0);
  }

  static YearMonth monthOf(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC));
  }

  /** The first instant of the month after {@code at}'s: when a capped budget opens again. */
  static Instant nextMonthStart(Instant at) {
    return monthOf(at).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
