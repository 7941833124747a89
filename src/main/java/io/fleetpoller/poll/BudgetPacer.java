package io.fleetpoller.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Paces a monthly API budget: from what a month has spent so far, how much the polling intervals
 * should stretch so the month ends within budget, and whether the hard cap is reached. Pure: the
 * spend and the instant are given.
 *
 * <p>The stretch is the projected month's spend over the budget (spent / elapsed share of the
 * month), never below 1 and at most {@code maxStretch}: continuous, so intervals stretch smoothly
 * as spending runs ahead of pace rather than jumping at a threshold. The first day counts as a
 * full day so a few early calls do not project to a huge month.
 */
public record BudgetPacer(long monthlyBudgetMicroUsd, double maxStretch) {

  /** What the budget allows now. {@code remainingMicroUsd} is never negative. */
  public record Pace(double stretch, boolean capReached, long remainingMicroUsd) {
    public static final Pace UNLIMITED = new Pace(1.0, false, Long.MAX_VALUE);
  }

  public BudgetPacer {
    if (monthlyBudgetMicroUsd < 0) {
      throw new IllegalArgumentException("a budget cannot be negative, got " + monthlyBudgetMicroUsd);
    }
    if (!(maxStretch >= 1.0)) {
      throw new IllegalArgumentException("maxStretch must be >= 1, got " + maxStretch);
    }
  }

  public Pace pace(long spentMicroUsd, Instant now) {
    long remaining = Math.max(0, monthlyBudgetMicroUsd - spentMicroUsd);
    if (spentMicroUsd >= monthlyBudgetMicroUsd) {
      return new Pace(maxStretch, true, 0);
    }
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    double monthSeconds = Duration.between(start, end).toSeconds();
    double elapsedSeconds = Math.max(Duration.ofDays(1).toSeconds(), Duration.between(start, now).toSeconds());
    double projected = spentMicroUsd * (monthSeconds / elapsedSeconds);
    double stretch = Math.min(maxStretch, Math.max(1.0, projected / monthlyBudgetMicroUsd));
    return new Pace(stretch, false, remaining);
  }
}
