package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CostBenchReportTest {

  private static List<Duration> seconds(long... values) {
    return LongStream.of(values).mapToObj(Duration::ofSeconds).toList();
  }

  private static DetectionStats stats(int detected, int total, List<Duration> starts, List<Duration> ends) {
    return new DetectionStats(detected, total, starts, ends, 2);
  }

  /** 50 cars for a day: USD per vehicle-day is usd / 50. */
  private static PolicyResult result(String policy, double usd, long wakes, long caused, long total,
      DetectionStats drives, DetectionStats charges) {
    return new PolicyResult(policy, 50, 24, usd, Math.round(usd / 0.002), wakes, caused, total, drives, charges);
  }

  private static final PolicyResult COST_AWARE = result("cost-aware", 2.0, 0, 3_000, 103_000,
      stats(100, 100, seconds(20, 40, 60, 90), seconds(30, 60)), stats(20, 20, seconds(50, 70), seconds(100)));
  private static final PolicyResult FIXED_30S = result("fixed:30s", 40.0, 0, 400_000, 500_000,
      stats(100, 100, seconds(10, 15, 20, 30), seconds(15)), stats(20, 20, seconds(15), seconds(15)));
  private static final PolicyResult HOME_ASSISTANT = result("homeassistant-like", 4.0, 0, 200_000, 300_000,
      stats(97, 100, seconds(100, 300, 500, 600), seconds(300)), stats(20, 20, seconds(300, 600), seconds(300)));
  private static final PolicyResult TESLAMATE = result("teslamate-like", 30.0, 0, 50_000, 150_000,
      stats(100, 100, List.of(Duration.ofMillis(2500), Duration.ofSeconds(3)), seconds(3)), stats(0, 0, List.of(), List.of()));

  private static final List<PolicyResult> ALL = List.of(COST_AWARE, FIXED_30S, HOME_ASSISTANT, TESLAMATE);

  @Test
  void oneAlignedRowPerPolicyUnderATwoLineHeader() {
    List<String> lines = CostBenchReport.table(ALL).lines().toList();

    assertThat(lines).hasSize(2 + ALL.size());
    assertThat(lines.get(0)).startsWith("policy").contains("USD per", "wakes", "drive start", "cost vs");
    assertThat(lines.get(1)).contains("veh-day", "data calls", "p50/p95", "fixed:30s");
    assertThat(lines.subList(2, lines.size())).extracting(l -> l.split(" ")[0])
        .containsExactly("cost-aware", "fixed:30s", "homeassistant-like", "teslamate-like");
    // Right-aligned columns end in the same place on every row.
    int end = lines.get(0).length();
    assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(end));
  }

  @Test
  void aRowShowsSpendCallsAwakeTimeDetectionAndLatencies() {
    String row = CostBenchReport.table(ALL).lines().filter(l -> l.startsWith("cost-aware")).findFirst().orElseThrow();

    assertThat(row.trim().split(" +")).containsExactly(
        "cost-aware", "0.0400", "1000", "0", "0.83", "3.0%", "100/100", "20/20",
        "40s/1m30s", "30s/1m00s", "50s/1m10s", "1m40s/1m40s", "0.050");
  }

  @Test
  void theRatioToFixed30sIsOneForItselfAndADashWithoutIt() {
    String withFixed = CostBenchReport.table(ALL);
    assertThat(withFixed.lines().filter(l -> l.startsWith("fixed:30s")).findFirst().orElseThrow()).endsWith("1.000");
    assertThat(withFixed.lines().filter(l -> l.startsWith("homeassistant-like")).findFirst().orElseThrow())
        .endsWith("0.100");

    String without = CostBenchReport.table(List.of(COST_AWARE, TESLAMATE));
    assertThat(without.lines().skip(2)).allSatisfy(line -> assertThat(line).endsWith("  -"));
  }

  @Test
  void aKindWithNoLatenciesShowsDashes() {
    String row = CostBenchReport.table(ALL).lines().filter(l -> l.startsWith("teslamate-like")).findFirst().orElseThrow();
    assertThat(row.trim().split(" +")).containsSequence("0/0", "2.5s/3s", "3s/3s", "-", "-");
  }

  /** A goal line as [PASS|FAIL, goal, figures]. */
  private static List<String> parts(String line) {
    return List.of(line.trim().split(" {2,}", 3));
  }

  @Test
  void everyGoalIsCheckedWhenHomeAssistantAndFixed30sRan() {
    List<String> goals = CostBenchReport.goals(ALL).lines().toList();

    assertThat(goals.get(0)).isEqualTo("Goals for cost-aware (issue 5):");
    assertThat(goals.subList(1, goals.size())).extracting(CostBenchReportTest::parts).containsExactly(
        List.of("PASS", "spend <= homeassistant-like", "0.0400 vs 0.0800 USD per vehicle-day"),
        List.of("PASS", "drive start p95 <= 1/3 of homeassistant-like", "1m30s vs 3m20s (1/3 of 10m00s)"),
        List.of("PASS", "drive start p95 <= 2m00s", "1m30s"),
        List.of("PASS", "charge start p95 <= 1/3 of homeassistant-like", "1m10s vs 3m20s (1/3 of 10m00s)"),
        List.of("PASS", "charge start p95 <= 2m00s", "1m10s"),
        List.of("PASS", "cost <= 20% of fixed:30s", "5.0% (0.0400 vs 0.8000)"),
        List.of("PASS", "drives detected >= 99%", "100.0% (100/100)"),
        List.of("PASS", "charges detected >= 99%", "100.0% (20/20)"),
        List.of("PASS", "0 wakes", "0"),
        List.of("PASS", "added awake time <= 5%", "3.0% (0.83 h caused over 27.78 h awake on their own)"));
  }

  static Stream<Arguments> failures() {
    PolicyResult slowerHa = result("homeassistant-like", 4.0, 0, 0, 100,
        stats(100, 100, seconds(300), List.of()), HOME_ASSISTANT.charges());
    PolicyResult dearerHa = result("homeassistant-like", 10.0, 0, 0, 100, HOME_ASSISTANT.drives(), HOME_ASSISTANT.charges());
    return Stream.of(
        Arguments.of("spends more than Home Assistant",
            result("cost-aware", 5.0, 0, 0, 100, COST_AWARE.drives(), COST_AWARE.charges()), HOME_ASSISTANT,
            "spend <= homeassistant-like"),
        Arguments.of("starts slower than a third of Home Assistant's",
            result("cost-aware", 2.0, 0, 0, 100, stats(100, 100, seconds(101), List.of()), COST_AWARE.charges()),
            slowerHa, "drive start p95 <= 1/3 of homeassistant-like"),
        Arguments.of("starts slower than 2 min",
            result("cost-aware", 2.0, 0, 0, 100, stats(100, 100, seconds(121), List.of()), COST_AWARE.charges()),
            HOME_ASSISTANT, "drive start p95 <= 2m00s"),
        Arguments.of("costs more than a fifth of fixed:30s",
            result("cost-aware", 8.1, 0, 0, 100, COST_AWARE.drives(), COST_AWARE.charges()), dearerHa,
            "cost <= 20% of fixed:30s"),
        Arguments.of("misses 2 of 100 drives",
            result("cost-aware", 2.0, 0, 0, 100, stats(98, 100, seconds(20), List.of()), COST_AWARE.charges()),
            HOME_ASSISTANT, "drives detected >= 99%"),
        Arguments.of("misses a charge",
            result("cost-aware", 2.0, 0, 0, 100, COST_AWARE.drives(), stats(19, 20, seconds(20), List.of())),
            HOME_ASSISTANT, "charges detected >= 99%"),
        Arguments.of("wakes a car",
            result("cost-aware", 2.0, 1, 0, 100, COST_AWARE.drives(), COST_AWARE.charges()), HOME_ASSISTANT,
            "0 wakes"),
        Arguments.of("keeps the cars awake 6% longer",
            result("cost-aware", 2.0, 0, 6, 106, COST_AWARE.drives(), COST_AWARE.charges()), HOME_ASSISTANT,
            "added awake time <= 5%"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void failures(String name, PolicyResult costAware, PolicyResult homeAssistant, String failedGoal) {
    String goals = CostBenchReport.goals(List.of(costAware, FIXED_30S, homeAssistant));
    assertThat(goals.lines().skip(1).map(CostBenchReportTest::parts).filter(p -> p.get(0).equals("FAIL")))
        .singleElement().satisfies(p -> assertThat(p.get(1)).isEqualTo(failedGoal));
  }

  @Test
  void onlyGoalsWhoseInputsArePresentAreChecked() {
    PolicyResult alone = result("cost-aware", 2.0, 0, 0, 0, DetectionStats.none(), stats(5, 5, seconds(30), List.of()));

    List<String> goals = CostBenchReport.goals(List.of(alone)).lines().skip(1).map(String::trim).toList();

    assertThat(goals).extracting(l -> parts(l).get(1)).containsExactly(
        "charge start p95 <= 2m00s", "charges detected >= 99%", "0 wakes");
    assertThat(CostBenchReport.goals(List.of(FIXED_30S, HOME_ASSISTANT))).isEmpty();
  }

  @Test
  void theReportSaysWhichSessionsAreLeftOut() {
    String report = CostBenchReport.render(ALL, Duration.ofMinutes(10));

    assertThat(report).startsWith(CostBenchReport.table(ALL))
        .contains("Not in the totals (begun before the run, still going at its end, or begun in its last 10m00s): "
            + "2 drives and 2 charges.")
        .endsWith(CostBenchReport.goals(ALL));
    PolicyResult fewer = result("fixed:5m", 1.0, 0, 0, 100, DetectionStats.none(), DetectionStats.none());
    assertThat(CostBenchReport.render(List.of(COST_AWARE, fewer), Duration.ofMinutes(10)))
        .contains("10m00s): cost-aware: 2 drives, 2 charges; fixed:5m: 0 drives, 0 charges.");
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of(null, "-"),
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(Duration.ofMillis(2500), "2.5s"),
        Arguments.of(Duration.ofMillis(9949), "9.9s"),
        Arguments.of(Duration.ofMillis(9950), "10s"),
        Arguments.of(Duration.ofSeconds(45), "45s"),
        Arguments.of(Duration.ofSeconds(-3), "-3s"),
        Arguments.of(Duration.ofSeconds(65), "1m05s"),
        Arguments.of(Duration.ofSeconds(3599), "59m59s"),
        Arguments.of(Duration.ofMinutes(123), "2h03m"));
  }

  @ParameterizedTest
  @MethodSource
  void durations(Duration duration, String text) {
    assertThat(CostBenchReport.duration(duration)).isEqualTo(text);
  }
}
