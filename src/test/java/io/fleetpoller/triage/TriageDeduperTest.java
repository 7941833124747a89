package io.fleetpoller.triage;

import static io.fleetpoller.triage.TriageFixtures.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.triage.TriageDeduper.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TriageDeduperTest {

  private final TriageDeduper deduper = new TriageDeduper();

  private static TriageEvent event(TriageReason reason, String account, String vehicle, Instant at) {
    return new TriageEvent(reason, reason.severity(), "Cause.", "Action.", AutoAction.NONE, account, vehicle, 403,
        null, at, Map.of());
  }

  private static TriageEvent scope(String vehicle, Duration after) {
    return event(TriageReason.MISSING_SCOPE, "acct-1", vehicle, AT.plus(after));
  }

  @Test
  void repeatsWithinFiveMinutesAreCountedNotPublished() {
    assertThat(deduper.offer(scope("V1", Duration.ZERO))).isEqualTo(new Decision(true, 1, 0));
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(1)))).isEqualTo(new Decision(false, 2, 0));
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(2)))).isEqualTo(new Decision(false, 3, 0));
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(5).minusMillis(1)))).isEqualTo(new Decision(false, 4, 0));
  }

  @Test
  void afterFiveMinutesTheSameFailureIsPublishedAgainWithTheCountOfTheLastWindow() {
    deduper.offer(scope("V1", Duration.ZERO));
    deduper.offer(scope("V1", Duration.ofMinutes(1)));
    deduper.offer(scope("V1", Duration.ofMinutes(4)));

    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(5)))).isEqualTo(new Decision(true, 1, 2));
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(6)))).isEqualTo(new Decision(false, 2, 0));
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(30)))).isEqualTo(new Decision(true, 1, 1));
  }

  static Stream<Arguments> differentKeys() {
    return Stream.of(
        Arguments.of("another vehicle", scope("V2", Duration.ofMinutes(1))),
        Arguments.of("another reason", event(TriageReason.UNSUPPORTED_VEHICLE, "acct-1", "V1", AT.plusSeconds(60))),
        Arguments.of("another account", event(TriageReason.MISSING_SCOPE, "acct-2", "V1", AT.plusSeconds(60))),
        Arguments.of("no vehicle", event(TriageReason.MISSING_SCOPE, "acct-1", null, AT.plusSeconds(60))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentKeys")
  void aDifferentReasonAccountOrVehicleIsPublished(String name, TriageEvent other) {
    deduper.offer(scope("V1", Duration.ZERO));

    assertThat(deduper.offer(other).publish()).isTrue();
    assertThat(deduper.offer(scope("V1", Duration.ofMinutes(2))).publish()).isFalse();
  }

  @Test
  void anOutOfOrderEventStillCountsIntoItsWindow() {
    deduper.offer(scope("V1", Duration.ofMinutes(1)));

    assertThat(deduper.offer(scope("V1", Duration.ZERO))).isEqualTo(new Decision(false, 2, 0));
  }

  @Test
  void memoryIsBoundedByMaxKeys() {
    TriageDeduper small = new TriageDeduper(Duration.ofMinutes(5), 3);

    for (int i = 0; i < 100; i++) {
      assertThat(small.offer(scope("V" + i, Duration.ofSeconds(i))).publish()).isTrue();
      assertThat(small.size()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void keysWhoseWindowEndedAreDroppedBeforeFreshOnes() {
    TriageDeduper small = new TriageDeduper(Duration.ofMinutes(5), 3);
    small.offer(scope("old1", Duration.ZERO));
    small.offer(scope("old2", Duration.ZERO));
    small.offer(scope("fresh", Duration.ofMinutes(4)));

    small.offer(scope("new", Duration.ofMinutes(6)));

    assertThat(small.size()).isEqualTo(2);
    // "fresh" was kept: its repeat is still counted, not published.
    assertThat(small.offer(scope("fresh", Duration.ofMinutes(7))).publish()).isFalse();
  }

  @Test
  void theDefaultBoundHoldsUnderAFloodOfDistinctFailures() {
    for (int i = 0; i < TriageDeduper.DEFAULT_MAX_KEYS + 500; i++) {
      deduper.offer(scope("V" + i, Duration.ofMillis(i)));
    }

    assertThat(deduper.size()).isEqualTo(TriageDeduper.DEFAULT_MAX_KEYS);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new TriageDeduper(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TriageDeduper(Duration.ofMinutes(5), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
