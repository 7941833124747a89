package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPacerTest {

  private static final long TEN_USD = 10_000_000;
  private final BudgetPacer pacer = new BudgetPacer(TEN_USD, 8.0);

  @Test
  void onPaceOrBehindNothingStretches() {
    // April has 30 days: on the 16th at 00:00, half the month is gone; $5 is exactly on pace.
    var pace = pacer.pace(5_000_000, Instant.parse("2026-04-16T00:00:00Z"));
    assertThat(pace.stretch()).isCloseTo(1.0, within(1e-9));
    assertThat(pace.capReached()).isFalse();
    assertThat(pace.remainingMicroUsd()).isEqualTo(5_000_000);
    assertThat(pacer.pace(1_000_000, Instant.parse("2026-04-16T00:00:00Z")).stretch()).isEqualTo(1.0);
  }

  @Test
  void aheadOfPaceStretchesInProportionSmoothly() {
    Instant mid = Instant.parse("2026-04-16T00:00:00Z");
    assertThat(pacer.pace(6_000_000, mid).stretch()).isCloseTo(1.2, within(1e-9));
    assertThat(pacer.pace(7_500_000, mid).stretch()).isCloseTo(1.5, within(1e-9));
    assertThat(pacer.pace(6_000_001, mid).stretch()).isGreaterThan(pacer.pace(6_000_000, mid).stretch());
  }

  @Test
  void theStretchIsCappedAndEarlyCallsDoNotProjectAHugeMonth() {
    // One minute into the month, $0.02 spent: counted over a whole first day, so 30 x $0.02 = $0.60.
    assertThat(pacer.pace(20_000, Instant.parse("2026-04-01T00:01:00Z")).stretch()).isEqualTo(1.0);
    assertThat(pacer.pace(9_000_000, Instant.parse("2026-04-02T00:00:00Z")).stretch()).isEqualTo(8.0);
  }

  @Test
  void spendingTheWholeBudgetReachesTheCap() {
    var pace = pacer.pace(TEN_USD, Instant.parse("2026-04-20T00:00:00Z"));
    assertThat(pace.capReached()).isTrue();
    assertThat(pace.remainingMicroUsd()).isZero();
    assertThat(new BudgetPacer(0, 4.0).pace(0, Instant.parse("2026-04-20T00:00:00Z")).capReached()).isTrue();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new BudgetPacer(-1, 2.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BudgetPacer(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
