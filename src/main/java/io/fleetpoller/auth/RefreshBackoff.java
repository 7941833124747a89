package io.fleetpoller.auth;

import java.time.Duration;

/**
 * How long to wait before the next refresh attempt after {@code failures} transient failures of
 * the token endpoint (5xx, timeouts): exponential from {@code base}, capped at {@code max}, with
 * "equal jitter" (half fixed, half random) so instances spread out. Pure: the random draw is given.
 */
public record RefreshBackoff(Duration base, Duration max) {

  public static final RefreshBackoff DEFAULT = new RefreshBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

  /** @param random a draw in [0, 1) */
  public Duration delay(int failures, double random) {
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    long capped = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(exponent, 20)));
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (half * random));
  }
}
