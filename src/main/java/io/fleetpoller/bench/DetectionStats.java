package io.fleetpoller.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How well one kind of session was detected over a run.
 *
 * @param detected true sessions in the totals that a detected session was matched to
 * @param total true sessions counted (those {@link SessionMatcher} did not leave out)
 * @param startLatencies detected start minus true start, one per matched session, ascending
 * @param endLatencies detected end minus true end, for matched sessions that ended on both sides, ascending
 * @param excluded true sessions left out of the totals (before the run, ongoing at its end, or begun
 *     within the end margin)
 */
public record DetectionStats(int detected, int total, List<Duration> startLatencies, List<Duration> endLatencies,
    int excluded) {

  public DetectionStats {
    if (detected < 0 || total < 0 || excluded < 0 || detected > total) {
      throw new IllegalArgumentException("need 0 <= detected <= total and excluded >= 0, got detected "
          + detected + ", total " + total + ", excluded " + excluded);
    }
    startLatencies = sorted(startLatencies);
    endLatencies = sorted(endLatencies);
  }

  /** Nothing to score: no true session, no detection. */
  public static DetectionStats none() {
    return new DetectionStats(0, 0, List.of(), List.of(), 0);
  }

  /** {@code detected / total}, or NaN when there was nothing to detect. */
  public double detectedFraction() {
    return total == 0 ? Double.NaN : (double) detected / total;
  }

  public Duration startPercentile(double p) {
    return percentile(startLatencies, p);
  }

  public Duration endPercentile(double p) {
    return percentile(endLatencies, p);
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or
   * below it (rank {@code ceil(p / 100 * n)}). Null for an empty list.
   *
   * @param p in (0, 100]
   */
  public static Duration percentile(List<Duration> values, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    if (values.isEmpty()) {
      return null;
    }
    List<Duration> ordered = sorted(values);
    int rank = (int) Math.ceil(p / 100 * ordered.size());
    return ordered.get(Math.max(1, rank) - 1);
  }

  private static List<Duration> sorted(List<Duration> values) {
    Objects.requireNonNull(values, "latencies");
    List<Duration> copy = new ArrayList<>(values);
    copy.forEach(d -> Objects.requireNonNull(d, "latency"));
    copy.sort(null);
    return List.copyOf(copy);
  }
}
