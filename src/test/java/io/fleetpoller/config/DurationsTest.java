package io.fleetpoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "8h,PT8H", "1d,PT24H", "1h30m,PT1H30M", "0s,PT0S"})
  void readsEveryUnit(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 minutes", "", "10", "-5s", "1.5h", "s", "5M"})
  void rejectsAnythingElseNamingTheForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500ms, 30s, 5m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1m30s", "8h", "500ms", "1d2h", "0s"})
  void formatReadsBack(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @Test
  void briefRoundsDownToOneUnitForTables() {
    assertThat(Durations.brief(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.brief(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(Durations.brief(Duration.ofMinutes(200))).isEqualTo("3h");
    assertThat(Durations.brief(Duration.ofSeconds(-5))).isEqualTo("0s");
  }
}
