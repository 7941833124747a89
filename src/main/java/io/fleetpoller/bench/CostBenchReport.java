package io.fleetpoller.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders {@code bench cost} results: one fixed-width row per policy, then the goal figures
 * for the cost-aware policy, each PASS or FAIL with the numbers behind it.
 */
public final class CostBenchReport {

  public static final String COST_AWARE = "cost-aware";
  public static final String FIXED_30S = "fixed:30s";
  public static final String HOME_ASSISTANT = "homeassistant-like";

  static final Duration START_P95_CAP = Duration.ofMinutes(2);

  private CostBenchReport() {}

  /** The table, a note on the sessions left out, and the goal check. */
  public static String render(List<PolicyResult> results, Duration endMargin) {
    StringBuilder out = new StringBuilder(table(results));
    String left = leftOut(results, endMargin);
    if (!left.isEmpty()) {
      out.append(left).append('\n');
    }
    String goals = goals(results);
    if (!goals.isEmpty()) {
      out.append('\n').append(goals);
    }
    return out.toString();
  }

  // ---- the table ----

  private record Column(String top, String bottom, boolean left, Function<PolicyResult, String> cell) {}

  public static String table(List<PolicyResult> results) {
    Optional<PolicyResult> fixed30 = find(results, FIXED_30S);
    List<Column> columns = List.of(
        new Column("policy", "", true, PolicyResult::policy),
        new Column("USD per", "veh-day", false, r -> usd(r.usdPerVehiclePerDay())),
        new Column("vehicle", "data calls", false, r -> Long.toString(r.vehicleDataCalls())),
        new Column("wakes", "", false, r -> Long.toString(r.wakes())),
        new Column("awake h", "caused", false, r -> String.format(Locale.ROOT, "%.2f", r.awakeHoursCaused())),
        new Column("added", "awake", false, r -> percent(r.addedAwakeFraction())),
        new Column("drives", "found", false, r -> found(r.drives())),
        new Column("charges", "found", false, r -> found(r.charges())),
        new Column("drive start", "p50/p95", false, r -> latencies(r.drives(), true)),
        new Column("drive end", "p50/p95", false, r -> latencies(r.drives(), false)),
        new Column("charge start", "p50/p95", false, r -> latencies(r.charges(), true)),
        new Column("charge end", "p50/p95", false, r -> latencies(r.charges(), false)),
        new Column("cost vs", FIXED_30S, false, r -> ratio(r, fixed30)));
    List<List<String>> rows = new ArrayList<>();
    rows.add(columns.stream().map(Column::top).toList());
    rows.add(columns.stream().map(Column::bottom).toList());
    for (PolicyResult result : results) {
      rows.add(columns.stream().map(c -> c.cell().apply(result)).toList());
    }
    int[] widths = new int[columns.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        line.append(columns.get(i).left() ? cell + pad : pad + cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String leftOut(List<PolicyResult> results, Duration endMargin) {
    if (results.isEmpty()) {
      return "";
    }
    List<String> counts = results.stream()
        .map(r -> r.drives().excluded() + " drives and " + r.charges().excluded() + " charges")
        .distinct().toList();
    String which = counts.size() == 1
        ? counts.get(0)
        : String.join("; ", results.stream()
            .map(r -> r.policy() + ": " + r.drives().excluded() + " drives, " + r.charges().excluded() + " charges")
            .toList());
    return "Not in the totals (begun before the run, still going at its end, or begun in its last "
        + duration(endMargin) + "): " + which + ".";
  }

  // ---- the goals ----

  /** The goal figures for the cost-aware row; only lines whose inputs are there; empty without that row. */
  public static String goals(List<PolicyResult> results) {
    Optional<PolicyResult> found = find(results, COST_AWARE);
    if (found.isEmpty()) {
      return "";
    }
    PolicyResult mine = found.get();
    Optional<PolicyResult> ha = find(results, HOME_ASSISTANT);
    Optional<PolicyResult> fixed30 = find(results, FIXED_30S);
    List<String> lines = new ArrayList<>();
    ha.ifPresent(other -> lines.add(line(mine.usdPerVehiclePerDay() <= other.usdPerVehiclePerDay(),
        "spend <= " + HOME_ASSISTANT,
        usd(mine.usdPerVehiclePerDay()) + " vs " + usd(other.usdPerVehiclePerDay()) + " USD per vehicle-day")));
    startLatencyGoals(lines, "drive", mine.drives(), ha.map(PolicyResult::drives));
    startLatencyGoals(lines, "charge", mine.charges(), ha.map(PolicyResult::charges));
    fixed30.filter(other -> other.totalUsd() > 0).ifPresent(other -> {
      double ratio = mine.totalUsd() / other.totalUsd();
      lines.add(line(ratio <= 0.20, "cost <= 20% of " + FIXED_30S,
          percent(ratio) + " (" + usd(mine.usdPerVehiclePerDay()) + " vs " + usd(other.usdPerVehiclePerDay()) + ")"));
    });
    detectionGoal(lines, "drives", mine.drives());
    detectionGoal(lines, "charges", mine.charges());
    lines.add(line(mine.wakes() == 0, "0 wakes", Long.toString(mine.wakes())));
    double added = mine.addedAwakeFraction();
    if (!Double.isNaN(added)) {
      lines.add(line(added <= 0.05, "added awake time <= 5%",
          percent(added) + String.format(Locale.ROOT, " (%.2f h caused over %.2f h awake on their own)",
              mine.awakeHoursCaused(), (mine.awakeSecondsTotal() - mine.awakeSecondsCaused()) / 3600.0)));
    }
    return "Goals for " + COST_AWARE + " (issue 5):\n" + String.join("", lines);
  }

  private static void startLatencyGoals(List<String> lines, String kind, DetectionStats mine,
      Optional<DetectionStats> ha) {
    Duration p95 = mine.startPercentile(95);
    if (p95 == null) {
      return;
    }
    Duration haP95 = ha.map(s -> s.startPercentile(95)).orElse(null);
    if (haP95 != null) {
      // p95 * 3 <= HA's p95, so no rounding from dividing by three.
      lines.add(line(p95.multipliedBy(3).compareTo(haP95) <= 0, kind + " start p95 <= 1/3 of " + HOME_ASSISTANT,
          duration(p95) + " vs " + duration(haP95.dividedBy(3)) + " (1/3 of " + duration(haP95) + ")"));
    }
    lines.add(line(p95.compareTo(START_P95_CAP) <= 0, kind + " start p95 <= " + duration(START_P95_CAP),
        duration(p95)));
  }

  private static void detectionGoal(List<String> lines, String kind, DetectionStats stats) {
    if (stats.total() > 0) {
      lines.add(line(stats.detectedFraction() >= 0.99, kind + " detected >= 99%",
          percent(stats.detectedFraction()) + " (" + found(stats) + ")"));
    }
  }

  private static String line(boolean pass, String goal, String figures) {
    return String.format(Locale.ROOT, "  %s  %-45s  %s\n", pass ? "PASS" : "FAIL", goal, figures);
  }

  // ---- formatting ----

  private static Optional<PolicyResult> find(List<PolicyResult> results, String policy) {
    return results.stream().filter(r -> r.policy().equals(policy)).findFirst();
  }

  private static String ratio(PolicyResult result, Optional<PolicyResult> fixed30) {
    return fixed30.filter(f -> f.totalUsd() > 0)
        .map(f -> String.format(Locale.ROOT, "%.3f", result.totalUsd() / f.totalUsd()))
        .orElse("-");
  }

  private static String found(DetectionStats stats) {
    return stats.detected() + "/" + stats.total();
  }

  private static String latencies(DetectionStats stats, boolean start) {
    Duration p50 = start ? stats.startPercentile(50) : stats.endPercentile(50);
    Duration p95 = start ? stats.startPercentile(95) : stats.endPercentile(95);
    return p50 == null ? "-" : duration(p50) + "/" + duration(p95);
  }

  private static String usd(double usd) {
    return String.format(Locale.ROOT, "%.4f", usd);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** {@code -} for none; {@code 2.5s} under 10 s, {@code 45s}, {@code 1m05s}, {@code 2h03m}. */
  static String duration(Duration duration) {
    if (duration == null) {
      return "-";
    }
    String sign = duration.isNegative() ? "-" : "";
    long millis = duration.abs().toMillis();
    if (millis < 9_950) {
      return sign + String.format(Locale.ROOT, "%.1fs", millis / 1000.0).replace(".0s", "s");
    }
    long seconds = (millis + 500) / 1000;
    if (seconds < 60) {
      return sign + seconds + "s";
    }
    if (seconds < 3600) {
      return sign + String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    long minutes = (seconds + 30) / 60;
    return sign + String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
  }
}
