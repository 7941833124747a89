package io.fleetpoller.bench;

import static io.fleetpoller.bench.SessionKind.CHARGE;
import static io.fleetpoller.bench.SessionKind.DRIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionMatcherTest {

  private static final Instant RUN_START = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant RUN_END = RUN_START.plus(Duration.ofHours(24));
  private static final SessionMatcher MATCHER =
      new SessionMatcher(RUN_START, RUN_END, SessionMatcher.DEFAULT_END_MARGIN);

  /** Simulated seconds after the run's start. */
  private static Instant at(long seconds) {
    return RUN_START.plusSeconds(seconds);
  }

  private static TruthSession truth(String vin, long from, Long to) {
    return new TruthSession(vin, DRIVE, at(from), to == null ? null : at(to));
  }

  private static TruthSession drive(long from, Long to) {
    return truth("VIN1", from, to);
  }

  private static DetectedSession seen(long from, Long to) {
    return new DetectedSession("VIN1", DRIVE, at(from), to == null ? null : at(to));
  }

  private static List<Duration> seconds(long... values) {
    return java.util.stream.LongStream.of(values).mapToObj(Duration::ofSeconds).toList();
  }

  private static Arguments row(String name, List<TruthSession> truth, List<DetectedSession> detected,
      DetectionStats expected) {
    return Arguments.of(name, truth, detected, expected);
  }

  private static DetectionStats stats(int detected, int total, List<Duration> starts, List<Duration> ends, int excluded) {
    return new DetectionStats(detected, total, starts, ends, excluded);
  }

  static Stream<Arguments> drives() {
    long h = 3600;
    return Stream.of(
        row("seen 40 s after it began and 90 s after it ended",
            List.of(drive(h, h + 1800L)), List.of(seen(h + 40, h + 1890L)),
            stats(1, 1, seconds(40), seconds(90), 0)),
        row("never seen",
            List.of(drive(h, h + 1800L)), List.of(),
            stats(0, 1, List.of(), List.of(), 0)),
        row("seen starting but never ending: a start latency, no end latency",
            List.of(drive(h, h + 1800L)), List.of(seen(h + 30, null)),
            stats(1, 1, seconds(30), List.of(), 0)),
        row("a detected start 3 s early is clock skew",
            List.of(drive(h, h + 1800L)), List.of(seen(h - 3, h + 1800L)),
            stats(1, 1, seconds(-3), seconds(0), 0)),
        row("a detected start 10 s early is not this drive",
            List.of(drive(h, h + 1800L)), List.of(seen(h - 10, h + 1800L)),
            stats(0, 1, List.of(), List.of(), 0)),
        row("a detection starting after the drive ended is not this drive",
            List.of(drive(h, h + 600L)), List.of(seen(h + 700, h + 900L)),
            stats(0, 1, List.of(), List.of(), 0)),
        row("one detection across two drives (the stop between missed) counts once, for the longer overlap",
            List.of(drive(h, h + 600L), drive(h + 900, h + 2700L)), List.of(seen(h + 60, h + 2760L)),
            stats(1, 2, seconds(60), seconds(2760 - 600), 0)),
        row("a drive split in two detections is matched to the longer part",
            List.of(drive(h, h + 3600L)), List.of(seen(h + 30, h + 300L), seen(h + 400, h + 3630L)),
            stats(1, 1, seconds(400), seconds(30), 0)),
        row("each detection goes to its own drive",
            List.of(drive(h, h + 600L), drive(2 * h, 2 * h + 600L)),
            List.of(seen(2 * h + 20, 2 * h + 650L), seen(h + 10, h + 620L)),
            stats(2, 2, seconds(10, 20), seconds(20, 50), 0)),
        row("another car's detection does not count",
            List.of(drive(h, h + 600L)), List.of(new DetectedSession("VIN2", DRIVE, at(h + 10), at(h + 600))),
            stats(0, 1, List.of(), List.of(), 0)),
        row("a charge detection does not count for a drive",
            List.of(drive(h, h + 600L)), List.of(new DetectedSession("VIN1", CHARGE, at(h + 10), at(h + 600))),
            stats(0, 1, List.of(), List.of(), 0)),
        row("begun before the run, still going at its end, begun in its last 10 min: left out",
            List.of(drive(-600, 600L), drive(23 * h, null), drive(24 * h - 300, 24 * h - 60L), drive(h, h + 600L)),
            List.of(seen(-500, 600L), seen(23 * h + 30, null), seen(24 * h - 290, 24 * h - 50L), seen(h + 5, h + 605L)),
            stats(1, 1, seconds(5), seconds(5), 3)),
        row("begun exactly 10 min before the end: counted",
            List.of(drive(24 * h - 600, 24 * h - 300L)), List.of(seen(24 * h - 590, 24 * h - 290L)),
            stats(1, 1, seconds(10), seconds(10), 0)),
        row("truth read after the run: a drive ending after the run's end was still going at its end",
            List.of(drive(23 * h, 24 * h + 60L)), List.of(seen(23 * h + 10, null)),
            stats(0, 0, List.of(), List.of(), 1)),
        row("a detection of a drive begun before the run never counts for the next drive",
            List.of(drive(-600, 300L), drive(360, 1800L)), List.of(seen(5, 1800L)),
            stats(0, 1, List.of(), List.of(), 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void drives(String name, List<TruthSession> truth, List<DetectedSession> detected, DetectionStats expected) {
    Map<SessionKind, DetectionStats> result = MATCHER.match(truth, detected);
    assertThat(result.get(DRIVE)).isEqualTo(expected);
    assertThat(result.get(CHARGE)).isEqualTo(DetectionStats.none());
  }

  @Test
  void drivesAndChargesAreScoredSeparately() {
    List<TruthSession> truth = List.of(
        drive(3600, 4200L),
        new TruthSession("VIN1", CHARGE, at(5000), at(9000)),
        new TruthSession("VIN2", CHARGE, at(5000), at(9000)));
    List<DetectedSession> detected = List.of(
        seen(3620, 4230L),
        new DetectedSession("VIN2", CHARGE, at(5100), at(9200)));

    Map<SessionKind, DetectionStats> result = MATCHER.match(truth, detected);

    assertThat(result.get(DRIVE)).isEqualTo(stats(1, 1, seconds(20), seconds(30), 0));
    assertThat(result.get(CHARGE)).isEqualTo(stats(1, 2, seconds(100), seconds(200), 0));
  }

  @Test
  void aRunEndingBeforeItStartsOrANegativeMarginIsRejected() {
    assertThatThrownBy(() -> new SessionMatcher(RUN_END, RUN_START, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionMatcher(RUN_START, RUN_END, Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
