package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DetectionStatsTest {

  private static List<Duration> seconds(long... values) {
    return LongStream.of(values).mapToObj(Duration::ofSeconds).toList();
  }

  static Stream<Arguments> nearestRank() {
    List<Duration> oneToTwenty = LongStream.rangeClosed(1, 20).mapToObj(Duration::ofSeconds).toList();
    return Stream.of(
        Arguments.of(oneToTwenty, 50.0, Duration.ofSeconds(10)),
        Arguments.of(oneToTwenty, 95.0, Duration.ofSeconds(19)),
        Arguments.of(oneToTwenty, 100.0, Duration.ofSeconds(20)),
        Arguments.of(oneToTwenty, 1.0, Duration.ofSeconds(1)),
        Arguments.of(seconds(40, 10, 30, 20), 50.0, Duration.ofSeconds(20)), // unsorted input
        Arguments.of(seconds(40, 10, 30, 20), 95.0, Duration.ofSeconds(40)),
        Arguments.of(seconds(7), 95.0, Duration.ofSeconds(7)),
        Arguments.of(seconds(-3, 5), 50.0, Duration.ofSeconds(-3)),
        Arguments.of(List.of(), 50.0, null));
  }

  @ParameterizedTest
  @MethodSource
  void nearestRank(List<Duration> values, double p, Duration expected) {
    assertThat(DetectionStats.percentile(values, p)).isEqualTo(expected);
  }

  @Test
  void aPercentileOutsideZeroToHundredIsRejected() {
    assertThatThrownBy(() -> DetectionStats.percentile(seconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DetectionStats.percentile(seconds(1), 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latenciesAreKeptAscendingAndTheFractionIsUndefinedWithNothingToFind() {
    DetectionStats stats = new DetectionStats(2, 3, seconds(30, 10), seconds(5), 1);
    assertThat(stats.startLatencies()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(30));
    assertThat(stats.detectedFraction()).isEqualTo(2 / 3.0);
    assertThat(stats.startPercentile(95)).isEqualTo(Duration.ofSeconds(30));
    assertThat(stats.endPercentile(50)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DetectionStats.none().detectedFraction()).isNaN();
    assertThat(DetectionStats.none().startPercentile(50)).isNull();
  }

  @Test
  void moreDetectedThanThereWereIsRejected() {
    assertThatThrownBy(() -> new DetectionStats(3, 2, List.of(), List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
