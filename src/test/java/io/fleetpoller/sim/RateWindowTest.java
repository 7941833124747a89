package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateWindowTest {

  private static final Instant T0 = Instant.parse("2024-01-10T12:00:00Z");

  @Test
  void refusesTheCallOverTheLimitWithSecondsUntilRoom() {
    RateWindow window = new RateWindow(2, Duration.ofMinutes(1));
    assertThat(window.tryAcquire(T0)).isZero();
    assertThat(window.tryAcquire(T0.plusSeconds(20))).isZero();
    assertThat(window.tryAcquire(T0.plusSeconds(30))).isEqualTo(30);
    assertThat(window.tryAcquire(T0.plusMillis(59_500))).isEqualTo(1);
    assertThat(window.tryAcquire(T0.plusSeconds(60))).isZero();
  }
}
