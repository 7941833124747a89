package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyResultTest {

  private static PolicyResult result(int vehicles, double hours, double usd, long caused, long total) {
    return new PolicyResult("p", vehicles, hours, usd, 0, 0, caused, total, DetectionStats.none(), DetectionStats.none());
  }

  static Stream<Arguments> perVehiclePerDay() {
    return Stream.of(
        Arguments.of(50, 24.0, 10.0, 0.2),
        Arguments.of(50, 12.0, 10.0, 0.4), // half a day costs twice as much per day
        Arguments.of(1, 48.0, 0.5, 0.25),
        Arguments.of(5, 24.0, 0.0, 0.0));
  }

  @ParameterizedTest
  @MethodSource
  void perVehiclePerDay(int vehicles, double hours, double usd, double expected) {
    assertThat(result(vehicles, hours, usd, 0, 0).usdPerVehiclePerDay()).isCloseTo(expected, within(1e-12));
  }

  static Stream<Arguments> addedAwake() {
    return Stream.of(
        Arguments.of(360L, 3960L, 0.1), // 6 min caused over 60 min awake on their own
        Arguments.of(0L, 3600L, 0.0),
        Arguments.of(3600L, 3600L, Double.NaN), // never awake on their own: no baseline
        Arguments.of(0L, 0L, Double.NaN));
  }

  @ParameterizedTest
  @MethodSource
  void addedAwake(long caused, long total, double expected) {
    PolicyResult r = result(50, 24, 1, caused, total);
    if (Double.isNaN(expected)) {
      assertThat(r.addedAwakeFraction()).isNaN();
    } else {
      assertThat(r.addedAwakeFraction()).isCloseTo(expected, within(1e-12));
    }
    assertThat(r.awakeHoursCaused()).isCloseTo(caused / 3600.0, within(1e-12));
  }

  @Test
  void impossibleFiguresAreRejected() {
    assertThatThrownBy(() -> result(0, 24, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> result(5, 0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> result(5, 24, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> result(5, 24, 1, 10, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot exceed");
  }
}
