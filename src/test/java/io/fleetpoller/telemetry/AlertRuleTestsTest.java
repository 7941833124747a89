package io.fleetpoller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alerts' unit tests (docker/prometheus/rules.test.yml, run by promtool in PrometheusStackIT)
 * cover every alert: each one is shown firing at least once, so a new alert cannot ship untested.
 */
class AlertRuleTestsTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertInTheRulesIsShownFiringByAUnitTest() throws IOException {
    Set<String> alerts = PromQlExpressions.ruleList().stream().filter(r -> r.containsKey("alert"))
        .map(PromQlExpressions::ruleName).collect(Collectors.toSet());
    Map<String, Object> unitTests = PromQlExpressions.readYaml(PrometheusStackIT.ALERT_TESTS);
    assertThat((List<String>) unitTests.get("rule_files")).containsExactly("rules.yml");

    Set<String> shownFiring = ((List<Map<String, Object>>) unitTests.get("tests")).stream()
        .flatMap(test -> ((List<Map<String, Object>>) test.get("alert_rule_test")).stream())
        .filter(check -> !((List<?>) check.get("exp_alerts")).isEmpty())
        .map(check -> (String) check.get("alertname"))
        .collect(Collectors.toSet());

    assertThat(alerts).hasSize(6);
    assertThat(shownFiring).as("alerts shown firing in %s", PrometheusStackIT.ALERT_TESTS)
        .containsExactlyInAnyOrderElementsOf(alerts);
  }
}
