package io.fleetpoller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrafanaTemplateTest {

  private final GrafanaTemplate template = GrafanaTemplate.builtIns(Duration.ofSeconds(15), Duration.ofHours(6))
      .with("instance", "(a|b)").with("account", ".*");

  @Test
  void bothVariableFormsAreReplacedByTheirValues() {
    assertThat(template.interpolate("x{instance=~\"$instance\", account=~\"${account}\"}"))
        .isEqualTo("x{instance=~\"(a|b)\", account=~\".*\"}");
  }

  @Test
  void rateIntervalIsFourScrapeIntervalsAndRangeIsTheDashboardRange() {
    assertThat(template.interpolate("rate(x[$__rate_interval]) [$__interval] [$__range] $__range_s $__range_ms"))
        .isEqualTo("rate(x[60s]) [15s] [21600s] 21600 21600000");
  }

  @Test
  void theRateIntervalFollowsTheScrapeInterval() {
    assertThat(GrafanaTemplate.builtIns(Duration.ofMinutes(1), Duration.ofHours(1)).interpolate("$__rate_interval"))
        .isEqualTo("240s");
  }

  @Test
  void anUnknownVariableIsAnErrorNamingIt() {
    assertThatThrownBy(() -> template.interpolate("x{vehicle=~\"$vehicle\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$vehicle");
    assertThatThrownBy(() -> template.interpolate("x[$__from]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$__from");
  }

  @Test
  void formatsAndTheOldBracketSyntaxAreErrorsRatherThanSentAsTheyAre() {
    assertThatThrownBy(() -> template.interpolate("x{account=~\"${account:pipe}\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${account:pipe}");
    assertThatThrownBy(() -> template.interpolate("x{account=~\"[[account]]\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[[account]]");
  }

  @Test
  void aDollarNotFollowedByANameIsLeftAlone() {
    assertThat(template.interpolate("x{status=~\"2..$\"}")).isEqualTo("x{status=~\"2..$\"}");
  }

  @Test
  void allIsTheCustomAllValueOrEveryValueRegexEscapedAsGrafanaWritesIt() {
    assertThat(GrafanaTemplate.allOf(Optional.of(".*"), List.of("a.b"))).isEqualTo(".*");
    assertThat(GrafanaTemplate.allOf(Optional.empty(), List.of("127.0.0.1:80"))).isEqualTo("127\\\\.0\\\\.0\\\\.1:80");
    assertThat(GrafanaTemplate.allOf(Optional.empty(), List.of("a", "b(1)"))).isEqualTo("(a|b\\\\(1\\\\))");
    assertThat(GrafanaTemplate.regexEscape("a\\b")).isEqualTo("a\\\\\\\\b");
  }

  @Test
  void theRelativeRangeIsParsedAndAnythingElseIsAnError() {
    assertThat(GrafanaTemplate.relativeRange("now-6h", "now")).isEqualTo(Duration.ofHours(6));
    assertThat(GrafanaTemplate.relativeRange("now-2d", "now")).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> GrafanaTemplate.relativeRange("now/d", "now")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GrafanaTemplate.relativeRange("now-6h", "now-1h")).isInstanceOf(IllegalArgumentException.class);
  }
}
