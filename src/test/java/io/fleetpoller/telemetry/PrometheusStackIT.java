package io.fleetpoller.telemetry;

import static io.fleetpoller.telemetry.PromQlExpressions.RULES;
import static io.fleetpoller.telemetry.PromQlExpressions.dashboardFiles;
import static io.fleetpoller.telemetry.PromQlExpressions.mustHaveData;
import static io.fleetpoller.telemetry.PromQlExpressions.panelExpressions;
import static io.fleetpoller.telemetry.PromQlExpressions.readJson;
import static io.fleetpoller.telemetry.PromQlExpressions.readYaml;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleExpressions;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleGroupNames;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleList;
import static io.fleetpoller.telemetry.PromQlExpressions.ruleName;
import static io.fleetpoller.telemetry.PromQlExpressions.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpoller.cli.RunningDemoDaemon;
import io.fleetpoller.telemetry.PromQlExpressions.Expression;
import io.fleetpoller.telemetry.PromQlExpressions.Variable;
import io.fleetpoller.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's "done when", against a real Prometheus: the shipped config and rules pass
 * {@code promtool}; a Prometheus scraping a daemon that polls the simulator loads the rules and
 * evaluates every one without error; every Grafana panel's query, with its variables substituted
 * as Grafana does with "All" selected, parses and evaluates, and those marked {@code must-have-data}
 * (grafana/README.md) return data, as does every recording rule; the alerts pass their own unit
 * tests ({@code promtool test rules docker/prometheus/rules.test.yml}).
 *
 * <p>Needs {@code prometheus} and {@code promtool} (Debian's {@code prometheus} package): skipped
 * without them, failed without them under CI. Prometheus's config and log are kept in
 * {@code target/prometheus-stack-it/}.
 */
class PrometheusStackIT {

  private static final Path SHIPPED_CONFIG = Path.of("docker/prometheus/prometheus.yml");
  /** Synthetic series per alert and what must fire ({@code promtool test rules}). */
  static final Path ALERT_TESTS = Path.of("docker/prometheus/rules.test.yml");
  private static final Path DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
  private static final Path OUT = Path.of("target/prometheus-stack-it");
  /** The job name the rules' FleetPollerScrapeDown selects on (docker/prometheus/prometheus.yml). */
  private static final String JOB = "fleet-poller";
  /** Scrapes and rule evaluations every second, so rates have samples within seconds. */
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  /** For data to build up: the daemon's first polls, two scrapes, a token refresh. */
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(45);
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(?:(.+?)\\s*,\\s*)?(\\w+)\\s*\\)");

  @TempDir static Path daemonDir;
  @TempDir static Path tsdbDir;
  static RunningDemoDaemon daemon;
  static PrometheusProcess prometheus;

  @BeforeAll
  static void startADaemonAndAPrometheusScrapingIt() throws IOException {
    Path binary = PrometheusProcess.installed("prometheus");
    PrometheusProcess.installed("promtool");
    // Tokens live 30 simulated minutes (3 s real), so refreshes and the refresh lock show up soon.
    daemon = RunningDemoDaemon.start(4, Duration.ofMinutes(30), daemonDir);
    EventDrivenSeries.provoke(daemon);

    Files.createDirectories(OUT);
    Path log = OUT.resolve("prometheus.log");
    Files.deleteIfExists(log);
    Path config = OUT.resolve("prometheus.yml");
    Files.writeString(config, scrapeConfig(daemon.httpPort()), StandardCharsets.UTF_8);
    prometheus = PrometheusProcess.start(binary, config, tsdbDir, log);
  }

  @AfterAll
  static void stop() {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (daemon != null) {
        daemon.close();
      }
    }
  }

  @Test
  void promtoolAcceptsTheShippedConfigAndRules() throws Exception {
    assertPromtoolAccepts("check", "config", SHIPPED_CONFIG.toString());
    assertPromtoolAccepts("check", "rules", RULES.toString());
  }

  @Test
  void everyAlertFiresOnItsUnitTestSeriesAndOnlyThere() throws Exception {
    assertPromtoolAccepts("test", "rules", ALERT_TESTS.toString());
  }

  @Test
  void prometheusScrapesTheDaemonUnderTheJobNameTheRulesExpect() {
    awaitTargetUp();
  }

  @Test
  void everyDashboardVariableListsValues() throws IOException {
    for (Path dashboard : dashboardFiles()) {
      Map<String, List<String>> listed = new LinkedHashMap<>();
      template(dashboard, listed::put);
      assertThat(listed).as("values of the variables of %s", dashboard).containsKeys("instance", "account", "vehicle")
          .allSatisfy((name, values) -> assertThat(values).as("%s variable %s", dashboard, name).isNotEmpty());
      assertThat(listed.get("instance")).as("%s variable instance", dashboard)
          .containsExactly("127.0.0.1:" + daemon.httpPort());
    }
  }

  @Test
  void everyPanelQueryParsesAndEvaluates() throws IOException {
    awaitEventDrivenSeries();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<Expression, String> panel : panelQueries(e -> true, failures).entrySet()) {
      // As a stat or table panel asks (instant), and as a time series panel asks (range).
      for (JsonNode answer : List.of(query(panel.getValue()), queryRange(panel.getValue()))) {
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(panel.getKey() + "\n  sent: " + panel.getValue() + "\n  Prometheus: "
              + answer.path("errorType").asText() + ": " + answer.path("error").asText());
        }
      }
    }
    assertThat(failures).as("panel queries Prometheus refuses, as instant or range queries").isEmpty();
  }

  @Test
  void everyPanelMarkedMustHaveDataReturnsData() throws IOException {
    List<String> failures = new ArrayList<>();
    Map<Expression, String> pending = panelQueries(Expression::mustHaveData, failures);
    assertThat(failures).as("panel queries that cannot be sent").isEmpty();
    assertThat(pending).as("panels marked %s", PromQlExpressions.MUST_HAVE_DATA).isNotEmpty();
    awaitData(pending, "panels marked " + PromQlExpressions.MUST_HAVE_DATA + " without data");
  }

  @Test
  void everyRuleGroupIsLoadedAndEveryRuleEvaluatesWithoutError() throws IOException {
    // Some errors (many-to-many matches, duplicate series) only show with data: wait for all of it
    // and for an evaluation after it.
    awaitEventDrivenSeries();
    Instant scraped = Instant.ofEpochMilli(Math.round(query("time()").path("data").path("result").path(0).asDouble() * 1000));
    JsonNode groups = awaitValue(() -> {
      JsonNode answer = prometheus.get("/api/v1/rules", Map.of()).path("data").path("groups");
      boolean evaluatedSince = answer.size() > 0 && rules(answer).stream()
          .allMatch(rule -> Instant.parse(rule.path("lastEvaluation").asText()).isAfter(scraped));
      return evaluatedSince ? answer : null;
    }, "every rule evaluated after " + scraped);

    assertThat(toList(groups)).extracting(g -> g.path("name").asText())
        .as("rule groups Prometheus loaded from %s", RULES).containsExactlyInAnyOrderElementsOf(ruleGroupNames());
    assertThat(rules(groups)).extracting(r -> r.path("name").asText()).as("rules Prometheus loaded from %s", RULES)
        .containsExactlyInAnyOrderElementsOf(ruleList().stream().map(PromQlExpressions::ruleName).toList());
    List<String> failures = rules(groups).stream()
        .filter(r -> !"ok".equals(r.path("health").asText()) || !r.path("lastError").asText("").isEmpty())
        .map(r -> RULES + " " + r.path("name").asText() + ": " + r.path("query").asText() + "\n  health "
            + r.path("health").asText() + ": " + r.path("lastError").asText(""))
        .toList();
    assertThat(failures).as("rules Prometheus fails to evaluate").isEmpty();
  }

  @Test
  void everyRecordingRuleHasSeries() throws IOException {
    Map<Expression, String> pending = new LinkedHashMap<>();
    for (Map<String, Object> rule : ruleList()) {
      if (rule.containsKey("record") && mustHaveData(rule)) {
        pending.put(new Expression(RULES, RULES + " " + ruleName(rule), String.valueOf(rule.get("expr")), true),
            ruleName(rule));
      }
    }
    assertThat(pending).as("recording rules").isNotEmpty();
    awaitData(pending, "recording rules without series");
  }

  @Test
  void everyRuleExpressionParsesAndEvaluatesAsAQuery() throws IOException {
    awaitEventDrivenSeries();
    List<String> failures = new ArrayList<>();
    for (Expression e : ruleExpressions()) {
      JsonNode answer = query(e.promql());
      if (!"success".equals(answer.path("status").asText())) {
        failures.add(e + "\n  Prometheus: " + answer.path("errorType").asText() + ": " + answer.path("error").asText());
      }
    }
    assertThat(failures).as("rule expressions Prometheus refuses").isEmpty();
  }

  // --- the stack

  /** Prometheus's config for the test: the shipped rules, the shipped job name, one target. */
  private static String scrapeConfig(int daemonPort) {
    return """
        global:
          scrape_interval: %1$ds
          scrape_timeout: %1$ds
          evaluation_interval: %1$ds
        rule_files:
          - %2$s
        scrape_configs:
          - job_name: %3$s
            metrics_path: /metrics
            static_configs:
              - targets: ["127.0.0.1:%4$d"]
        """.formatted(INTERVAL.toSeconds(), jsonString(RULES.toAbsolutePath().toString()), JOB, daemonPort);
  }

  private static void assertPromtoolAccepts(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PrometheusProcess.installed("promtool").toString());
    command.addAll(List.of(args));
    Process promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(promtool.exitValue()).as("exit status of %s:\n%s", String.join(" ", command), output).isZero();
  }

  private static void awaitTargetUp() {
    String target = "127.0.0.1:" + daemon.httpPort();
    AtomicReference<JsonNode> targets = new AtomicReference<>();
    awaitValue(() -> {
      targets.set(prometheus.get("/api/v1/targets", Map.of("state", "active")).path("data").path("activeTargets"));
      return toList(targets.get()).stream()
          .filter(t -> JOB.equals(t.path("labels").path("job").asText())
              && target.equals(t.path("labels").path("instance").asText())
              && "up".equals(t.path("health").asText()))
          .findFirst().orElse(null);
    }, () -> "target " + target + " of job " + JOB + " up; /api/v1/targets: " + targets.get());
  }

  /** Waits until Prometheus has the series that only exist after refreshes, triage and sessions. */
  private static void awaitEventDrivenSeries() {
    awaitTargetUp();
    for (String name : EventDrivenSeries.SAMPLE_NAMES) {
      awaitValue(() -> hasData(query(name)) ? name : null, name + " scraped into Prometheus");
    }
  }

  /**
   * The query Grafana sends for each panel target that {@code which} selects, by dashboard; a
   * target whose variables cannot be substituted is added to {@code failures} instead.
   */
  private static Map<Expression, String> panelQueries(Predicate<Expression> which, List<String> failures)
      throws IOException {
    Map<Expression, String> sent = new LinkedHashMap<>();
    for (Path dashboard : dashboardFiles()) {
      GrafanaTemplate template = template(dashboard, (name, values) -> {});
      for (Expression e : panelExpressions(dashboard)) {
        if (!which.test(e)) {
          continue;
        }
        try {
          sent.put(e, template.interpolate(e.promql()));
        } catch (IllegalArgumentException unknownVariable) {
          failures.add(e + "\n  " + unknownVariable.getMessage());
        }
      }
    }
    return sent;
  }

  /** The rules of every group of a {@code /api/v1/rules} answer. */
  private static List<JsonNode> rules(JsonNode groups) {
    return toList(groups).stream().flatMap(g -> toList(g.path("rules")).stream()).toList();
  }

  /**
   * Grafana's substitutions for {@code dashboard} with "All" selected: its time range, the
   * datasource's scrape interval, and each variable's values from its {@code label_values} query,
   * which must list at least one value; {@code listed} gets each variable's values.
   */
  private static GrafanaTemplate template(Path dashboard, BiConsumer<String, List<String>> listed) throws IOException {
    JsonNode board = readJson(dashboard);
    GrafanaTemplate template = GrafanaTemplate.builtIns(datasourceScrapeInterval(),
        GrafanaTemplate.relativeRange(board.path("time").path("from").asText(), board.path("time").path("to").asText()));
    awaitTargetUp();
    for (Variable variable : variables(dashboard)) {
      String definition = template.interpolate(variable.definition());
      Matcher m = LABEL_VALUES.matcher(definition);
      assertThat(m.matches()).as("%s variable %s is label_values(selector, label): %s", dashboard, variable.name(),
          variable.definition()).isTrue();
      Map<String, String> params = m.group(1) == null ? Map.of() : Map.of("match[]", m.group(1));
      String path = "/api/v1/label/" + m.group(2) + "/values";
      AtomicReference<JsonNode> answer = new AtomicReference<>();
      List<String> values = awaitValue(() -> {
        answer.set(prometheus.get(path, params));
        List<String> found = toList(answer.get().path("data")).stream().map(JsonNode::asText).toList();
        return found.isEmpty() ? null : found;
      }, () -> dashboard + " variable " + variable.name() + " (" + variable.definition() + ") lists values; sent as "
          + path + " " + params + ", last answer: " + answer.get());
      listed.accept(variable.name(), values);
      template = template.with(variable.name(), GrafanaTemplate.allOf(variable.allValue(), values));
    }
    return template;
  }

  /** The datasource's {@code timeInterval}, which Grafana takes as the scrape interval. */
  @SuppressWarnings("unchecked")
  private static Duration datasourceScrapeInterval() throws IOException {
    Map<String, Object> datasource = ((List<Map<String, Object>>) readYaml(DATASOURCE).get("datasources")).get(0);
    String timeInterval = String.valueOf(((Map<String, Object>) datasource.get("jsonData")).get("timeInterval"));
    assertThat(timeInterval).as("timeInterval of %s", DATASOURCE).matches("\\d+s");
    return Duration.ofSeconds(Long.parseLong(timeInterval.substring(0, timeInterval.length() - 1)));
  }

  // --- querying

  private static JsonNode query(String promql) {
    return prometheus.get("/api/v1/query", Map.of("query", promql));
  }

  /** The last five minutes at Grafana's 15 s step for a short range, as a time series panel asks. */
  private static JsonNode queryRange(String promql) {
    long end = Instant.now().getEpochSecond();
    return prometheus.get("/api/v1/query_range", Map.of("query", promql, "start", Long.toString(end - 300),
        "end", Long.toString(end), "step", "15"));
  }

  /**
   * Queries every expression until each has returned data once (an instant query may hit a gap
   * after a slow scrape, so each counts once seen); fails naming those that never did.
   */
  private static void awaitData(Map<Expression, String> sentFor, String what) {
    Map<Expression, String> last = new LinkedHashMap<>();
    try {
      Await.until(() -> {
        for (Map.Entry<Expression, String> e : sentFor.entrySet()) {
          if (last.containsKey(e.getKey()) && last.get(e.getKey()) == null) {
            continue;
          }
          JsonNode answer = query(e.getValue());
          last.put(e.getKey(), hasData(answer) ? null : answer.toString());
        }
        return last.values().stream().allMatch(v -> v == null);
      }, DATA_DEADLINE);
    } catch (AssertionError timedOut) {
      throw new AssertionError(what + " within " + DATA_DEADLINE + ":\n" + last.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .map(e -> e.getKey() + "\n  sent: " + sentFor.get(e.getKey()) + "\n  Prometheus: " + e.getValue())
          .collect(Collectors.joining("\n")) + "\nPrometheus log (all of it in " + OUT.resolve("prometheus.log") + "):\n" + prometheus.logTail(), timedOut);
    }
  }

  /** A successful answer with at least one sample whose value is a number (not NaN). */
  private static boolean hasData(JsonNode answer) {
    if (!"success".equals(answer.path("status").asText())) {
      return false;
    }
    JsonNode data = answer.path("data");
    JsonNode result = data.path("result");
    return switch (data.path("resultType").asText()) {
      case "scalar", "string" -> isNumber(result.path(1));
      case "vector" -> toList(result).stream().anyMatch(s -> isNumber(s.path("value").path(1)));
      case "matrix" -> toList(result).stream().anyMatch(s -> toList(s.path("values")).stream()
          .anyMatch(v -> isNumber(v.path(1))));
      default -> false;
    };
  }

  private static boolean isNumber(JsonNode value) {
    return value.isTextual() && !"NaN".equals(value.asText());
  }

  /** Polls {@code value} until it is not null; fails with {@code what} and Prometheus's log otherwise. */
  private static <T> T awaitValue(Supplier<T> value, String what) {
    return awaitValue(value, () -> what);
  }

  private static <T> T awaitValue(Supplier<T> value, Supplier<String> what) {
    try {
      return Await.value(value, DATA_DEADLINE);
    } catch (AssertionError timedOut) {
      throw new AssertionError("not within " + DATA_DEADLINE + ": " + what.get() + "\nPrometheus log (all of it in " + OUT.resolve("prometheus.log") + "):\n"
          + prometheus.logTail(), timedOut);
    }
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
