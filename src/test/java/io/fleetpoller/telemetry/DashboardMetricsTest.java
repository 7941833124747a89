package io.fleetpoller.telemetry;

import static io.fleetpoller.telemetry.PromQlExpressions.MUST_HAVE_DATA;
import static io.fleetpoller.telemetry.PromQlExpressions.dashboardExpressions;
import static io.fleetpoller.telemetry.PromQlExpressions.dashboardFiles;
import static io.fleetpoller.telemetry.PromQlExpressions.readJson;
import static io.fleetpoller.telemetry.PromQlExpressions.readYaml;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleExpressions;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleList;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpoller.cli.RunningDemoDaemon;
import io.fleetpoller.telemetry.PromQlExpressions.Expression;
import io.fleetpoller.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards and the Prometheus rules against what the daemon really exports: a daemon
 * polls the simulator in-process, its {@code /metrics} is scraped over HTTP, and every metric name
 * in every PromQL expression must be one of the scraped sample names. Names are compared as
 * exported samples ({@code fleet_api_requests_total}, {@code fleet_api_request_seconds_count},
 * {@code fleet_poll_schedule_lag_seconds_bucket}), so a counter queried without {@code _total} or a
 * timer's {@code _bucket} that no histogram publishes is caught too.
 */
class DashboardMetricsTest {

  private static final Path DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
  /** What Prometheus itself adds to every scrape target. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  /** String literals go first, so label values never count as names. */
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  /** A metric name: one of ours, not part of a longer identifier, not a function call. */
  private static final Pattern METRIC = Pattern.compile(
      "(?<![\\w:$])((?:fleet|jvm|vertx|process|system)_\\w+|up)(?![\\w:(])");
  /** A recording rule's name (level:metric:operations), which has a colon. */
  private static final Pattern RECORDED = Pattern.compile("(?<![\\w:$])([a-z_]+:[\\w:]+)(?![\\w(])");

  @TempDir static Path workDir;
  static RunningDemoDaemon daemon;
  /** Exported as soon as the daemon has polled once, before any fault or session. */
  static Set<String> baseline;
  /** Exported once the daemon has also refreshed, triaged and seen sessions end. */
  static Set<String> exported;

  @BeforeAll
  static void scrapeADaemonPollingTheSimulator() {
    // Tokens live 30 simulated minutes (3 s real), so refreshes and the refresh lock show up soon.
    daemon = RunningDemoDaemon.start(4, Duration.ofMinutes(30), workDir);
    baseline = sampleNames(awaitScrape(s -> s.contains("fleet_vehicle_battery_level_percent{")));

    EventDrivenSeries.provoke(daemon);
    exported = sampleNames(awaitScrape(s -> EventDrivenSeries.SAMPLE_NAMES.stream().allMatch(n -> s.contains(n + "{"))));
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void everyMetricADashboardQueriesIsOneTheDaemonExports() throws IOException {
    for (Expression e : dashboardExpressions()) {
      assertThat(metricNames(e.promql()))
          .as("metrics of %s", e)
          .isSubsetOf(union(exported, PROMETHEUS_OWN));
    }
  }

  @Test
  void everyMetricARuleQueriesIsOneTheDaemonExportsOrARecordingRule() throws IOException {
    Set<String> recorded = ruleList().stream().map(r -> (String) r.get("record")).filter(n -> n != null)
        .collect(Collectors.toSet());
    for (Expression e : ruleExpressions()) {
      assertThat(metricNames(e.promql())).as("metrics of %s", e).isSubsetOf(union(exported, PROMETHEUS_OWN));
      assertThat(recordedNames(e.promql())).as("recording rules used by %s", e).isSubsetOf(recorded);
    }
  }

  @Test
  void whatMustHaveDataUsesOnlyMetricsThatExistFromTheFirstPoll() throws IOException {
    List<Expression> must = Stream.concat(dashboardExpressions().stream(), ruleExpressions().stream())
        .filter(Expression::mustHaveData).toList();
    assertThat(must).isNotEmpty();
    for (Expression e : must) {
      assertThat(metricNames(e.promql())).as("metrics of %s, marked %s", e, MUST_HAVE_DATA)
          .isSubsetOf(union(baseline, PROMETHEUS_OWN));
    }
    for (Path dashboard : dashboardFiles()) {
      assertThat(must).as("%s marks at least one panel %s", dashboard, MUST_HAVE_DATA)
          .anyMatch(e -> e.file().equals(dashboard));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyDashboardQueriesTheProvisionedDatasourceByUid() throws IOException {
    String uid = (String) ((List<Map<String, Object>>) readYaml(DATASOURCE).get("datasources")).get(0).get("uid");
    assertThat(uid).isEqualTo("fleet-prometheus");
    for (Path file : dashboardFiles()) {
      JsonNode board = readJson(file);
      List<JsonNode> datasources = board.findValues("datasource");
      assertThat(datasources).as("%s names a datasource", file).isNotEmpty();
      assertThat(datasources).as("datasources of %s", file)
          .allSatisfy(ds -> assertThat(ds.path("uid").asText()).isEqualTo(uid));
      for (JsonNode panel : board.path("panels")) {
        if (panel.has("targets")) {
          assertThat(panel.path("datasource").path("uid").asText()).as("%s panel %s", file, panel.path("title"))
              .isEqualTo(uid);
        }
      }
    }
  }

  @Test
  void everyDashboardHasAccountVehicleAndInstanceVariablesFromLabelValues() throws IOException {
    for (Path file : dashboardFiles()) {
      JsonNode variables = readJson(file).path("templating").path("list");
      List<String> names = new ArrayList<>();
      variables.forEach(v -> names.add(v.path("name").asText()));
      assertThat(names).as("variables of %s", file).contains("account", "vehicle", "instance");
      variables.forEach(v -> assertThat(v.path("definition").asText()).as("%s variable %s", file, v.path("name"))
          .startsWith("label_values(").contains(v.path("name").asText()));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertTellsTheOperatorWhatHappenedAndWhatToDo() throws IOException {
    List<Map<String, Object>> alerts = ruleList().stream().filter(r -> r.containsKey("alert")).toList();
    assertThat(alerts).extracting(r -> r.get("alert")).contains("FleetTokenExpiringWithoutRefresh",
        "FleetAccountNeedsConsent", "FleetBudgetBurnOverMonth", "FleetTriageSpike", "FleetPollerScrapeDown",
        "FleetScheduleLagHigh");
    for (Map<String, Object> alert : alerts) {
      Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
      assertThat(annotations).as("annotations of %s", alert.get("alert")).containsKeys("summary", "description");
      assertThat((Map<String, Object>) alert.get("labels")).as("labels of %s", alert.get("alert")).containsKey("severity");
      assertThat(alert.get("expr")).as("expr of %s", alert.get("alert")).isNotNull();
    }
  }

  @Test
  void theNameExtractorFindsMetricsButNotLabelsValuesOrFunctions() {
    assertThat(metricNames("sum by (le) (rate(fleet_bogus_seconds_bucket{instance=~\"$instance\","
        + " status=\"fleet_not_a_metric\"}[$__rate_interval])) / on() up{job=\"x\"} or vector(0)"))
        .containsExactlyInAnyOrder("fleet_bogus_seconds_bucket", "up");
    assertThat(metricNames("label_values(fleet_vehicle_state, vehicle)")).containsExactly("fleet_vehicle_state");
    assertThat(metricNames("fleet:api_cost_usd:rate1h * on() jvm_memory_used_bytes")).containsExactly("jvm_memory_used_bytes");
    assertThat(recordedNames("fleet:api_cost_usd:rate1h > on () max(x)")).containsExactly("fleet:api_cost_usd:rate1h");
  }

  // --- metric names in PromQL

  static Set<String> metricNames(String promql) {
    return matches(METRIC, STRING.matcher(promql).replaceAll("\"\""));
  }

  static Set<String> recordedNames(String promql) {
    return matches(RECORDED, STRING.matcher(promql).replaceAll("\"\""));
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  // --- what the daemon exports

  /** The sample names of a Prometheus text scrape, e.g. {@code fleet_api_request_seconds_count}. */
  static Set<String> sampleNames(String scrape) {
    return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String awaitScrape(Predicate<String> ready) {
    AtomicReference<String> last = new AtomicReference<>();
    try {
      return Await.value(() -> {
        last.set(daemon.scrapeMetrics());
        return ready.test(last.get()) ? last.get() : null;
      }, Duration.ofSeconds(60));
    } catch (AssertionError timedOut) {
      throw new AssertionError("the daemon's /metrics never got there within 60 s:\n" + last.get(), timedOut);
    }
  }


  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
