package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataCallWindowTest {

  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  @Test
  void callsUpToTheLimitInOneMinuteAreAllowedAtOnce() {
    DataCallWindow window = new DataCallWindow(3);
    window.record("A", T0);
    window.record("A", T0.plusSeconds(1));

    assertThat(window.allowedAt("A", T0.plusSeconds(2))).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void aFullMinuteDefersTheNextCallUntilTheOldestLeavesTheWindow() {
    DataCallWindow window = new DataCallWindow(3);
    window.record("A", T0);
    window.record("A", T0.plusSeconds(10));
    window.record("A", T0.plusSeconds(20));

    assertThat(window.allowedAt("A", T0.plusSeconds(30))).isEqualTo(T0.plusSeconds(60));
    assertThat(window.allowedAt("A", T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void eachVehicleHasItsOwnWindow() {
    DataCallWindow window = new DataCallWindow(1);
    window.record("A", T0);

    assertThat(window.allowedAt("A", T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(60));
    assertThat(window.allowedAt("B", T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aForgottenVehicleStartsAfresh() {
    DataCallWindow window = new DataCallWindow(1);
    window.record("A", T0);
    window.forget("A");

    assertThat(window.allowedAt("A", T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new DataCallWindow(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
  }
}
