package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshTimingTest {

  private static final Instant GRANTED = Instant.parse("2026-03-01T00:00:00Z");

  private static TokenRecord record(Duration lifetime, long version) {
    return new TokenRecord("acct-1", "NA_r", "eyJ.a", GRANTED.plus(lifetime), version, GRANTED, 0);
  }

  @Test
  void anEightHourTokenIsRefreshedTenMinutesAheadMinusAtMostTwoMinutesOfJitter() {
    var timing = new RefreshTiming(Duration.ofMinutes(10), "node-a");
    Instant at = timing.refreshAt(record(Duration.ofHours(8), 3));
    Instant expiry = GRANTED.plus(Duration.ofHours(8));
    assertThat(at).isBetween(expiry.minus(Duration.ofMinutes(12)), expiry.minus(Duration.ofMinutes(10)));
  }

  @Test
  void aShortLivedTokenIsNeverRefreshedBeforeHalfItsLife() {
    var timing = new RefreshTiming(Duration.ofMinutes(10), "node-a");
    Instant at = timing.refreshAt(record(Duration.ofMinutes(6), 1));
    assertThat(at).isBetween(GRANTED.plus(Duration.ofMinutes(3)).minus(Duration.ofSeconds(36)),
        GRANTED.plus(Duration.ofMinutes(3)));
  }

  @Test
  void instancesDoNotLineUp() {
    var rec = record(Duration.ofHours(8), 7);
    long distinct = java.util.stream.IntStream.range(0, 8)
        .mapToObj(i -> new RefreshTiming(Duration.ofMinutes(10), "node-" + i).refreshAt(rec))
        .distinct().count();
    assertThat(distinct).isGreaterThan(4);
  }

  @Test
  void aRecordWithoutAnAccessTokenIsDueNow() {
    var timing = new RefreshTiming(Duration.ofMinutes(10), "node-a");
    var imported = TokenRecord.initial("acct-1", "NA_r", GRANTED);
    assertThat(timing.refreshAt(imported)).isNull();
    assertThat(timing.usable(imported, GRANTED)).isFalse();
    assertThat(timing.usable(record(Duration.ofHours(8), 1), GRANTED.plusSeconds(60))).isTrue();
  }

  @Test
  void backoffGrowsExponentiallyWithEqualJitterUpToItsCap() {
    var backoff = new RefreshBackoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(2500));
    assertThat(backoff.delay(1, 0.999)).isLessThan(Duration.ofSeconds(5));
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delay(30, 0.0)).isEqualTo(Duration.ofSeconds(150));
    assertThat(backoff.delay(30, 0.999)).isLessThan(Duration.ofMinutes(5));
  }
}
