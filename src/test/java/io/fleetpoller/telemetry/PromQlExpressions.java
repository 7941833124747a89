package io.fleetpoller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Every PromQL expression of the Grafana dashboards and the Prometheus rules, with the "must have
 * data" markers of grafana/README.md: what {@link DashboardMetricsTest} checks against the daemon's
 * {@code /metrics} and {@code PrometheusStackIT} against a real Prometheus.
 */
final class PromQlExpressions {

  static final Path DASHBOARDS = Path.of("grafana/dashboards");
  static final Path RULES = Path.of("docker/prometheus/rules.yml");
  /** A panel whose description contains this must have data (grafana/README.md). */
  static final String MUST_HAVE_DATA = "must-have-data";
  /** A rule carrying this label with the value "true" must have data (grafana/README.md). */

  private PromQlExpressions() {}

  /**
   * One expression, where it comes from ({@code grafana/dashboards/x.json panel "Title" A}) and
   * whether it is marked as having to return data. {@code file} is the dashboard or rules file.
   */
  record Expression(Path file, String source, String promql, boolean mustHaveData) {
    @Override
    public String toString() {
      return source + ": " + promql;
    }
  }

  /** A dashboard's template variable: its {@code label_values(...)} query and its custom "All" value. */
  record Variable(String name, String definition, Optional<String> allValue) {}

  /** The variables' queries and every panel target of every dashboard. */
  static List<Expression> dashboardExpressions() throws IOException {
    List<Expression> found = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      for (Variable variable : variables(file)) {
        found.add(new Expression(file, file + " variable " + variable.name(), variable.definition(), false));
      }
      found.addAll(panelExpressions(file));
    }
    assertThat(found).as("expressions in %s", DASHBOARDS).isNotEmpty().noneMatch(e -> e.promql().isBlank());
    return found;
  }

  /** Every target ({@code expr}) of every panel of {@code dashboard}, in panel order. */
  static List<Expression> panelExpressions(Path dashboard) throws IOException {
    List<Expression> found = new ArrayList<>();
    for (JsonNode panel : readJson(dashboard).path("panels")) {
      boolean must = panel.path("description").asText().contains(MUST_HAVE_DATA);
      for (JsonNode target : panel.path("targets")) {
        found.add(new Expression(dashboard,
            dashboard + " panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
            target.path("expr").asText(), must));
      }
    }
    return found;
  }

  /** The template variables of {@code dashboard}, in the order Grafana resolves them. */
  static List<Variable> variables(Path dashboard) throws IOException {
    List<Variable> found = new ArrayList<>();
    for (JsonNode variable : readJson(dashboard).path("templating").path("list")) {
      JsonNode allValue = variable.path("allValue");
      found.add(new Variable(variable.path("name").asText(), variable.path("definition").asText(),
          allValue.isTextual() && !allValue.asText().isEmpty() ? Optional.of(allValue.asText()) : Optional.empty()));
    }
    return found;
  }

  /** Every rule's expression; the source is the rules file and the alert or record name. */
  static List<Expression> ruleExpressions() throws IOException {
    List<Expression> found = new ArrayList<>();
    for (Map<String, Object> rule : ruleList()) {
      found.add(new Expression(RULES, RULES + " " + ruleName(rule), String.valueOf(rule.get("expr")),
          mustHaveData(rule)));
    }
    return found;
  }

  /** The rules of every group of {@code rules.yml}, as parsed YAML maps. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> ruleList() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : ruleGroups()) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  /** The names of the rule groups of {@code rules.yml}. */
  static List<String> ruleGroupNames() throws IOException {
    return ruleGroups().stream().map(g -> (String) g.get("name")).toList();
  }

  /** The alert's or the recording rule's name. */
  static String ruleName(Map<String, Object> rule) {
    return (String) (rule.containsKey("alert") ? rule.get("alert") : rule.get("record"));
  }

  /**
   * Every recording rule must have data (grafana/README.md): the dashboards and alerts build on
   * them. Alerts are quiet on a healthy fleet; rules.test.yml shows each one firing.
   */
  static boolean mustHaveData(Map<String, Object> rule) {
    return rule.containsKey("record");
  }

  static List<Path> dashboardFiles() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(found).as("dashboards in %s", DASHBOARDS).hasSizeGreaterThanOrEqualTo(4);
      return found;
    }
  }

  static JsonNode readJson(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  static Map<String, Object> readYaml(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> ruleGroups() throws IOException {
    return (List<Map<String, Object>>) readYaml(RULES).get("groups");
  }
}
