package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.config.FleetConfig;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetTest {

  // Day 16 of a 31-day month: half of it gone.
  private static final Instant MID_MARCH = Instant.parse("2026-03-16T12:00:00Z");

  private static Budget budget(CostLedger ledger, double monthlyUsd, Double perVehicleUsd) {
    return new Budget(ledger, new FleetConfig.Budget(monthlyUsd, Optional.ofNullable(perVehicleUsd)));
  }

  @Test
  void spendingOnPaceStretchesNothingAndAheadOfPaceStretchesSmoothly() {
    Budget budget = budget(new InMemoryCostLedger(), 10.0, null);
    budget.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 5_000_000, MID_MARCH); // $5 by mid-month: on pace
    assertThat(budget.pace("V1", MID_MARCH).stretch()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));

    budget.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_500_000, MID_MARCH); // $7.50: 1.5x ahead
    BudgetPacer.Pace pace = budget.pace("V1", MID_MARCH);
    assertThat(pace.stretch()).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(pace.capReached()).isFalse();
    assertThat(budget.remainingMicroUsd(MID_MARCH)).isEqualTo(2_500_000);
  }

  @Test
  void theCapIsReachedWhenTheMonthsSpendMeetsTheBudgetAndOpensAgainNextMonth() {
    Budget budget = budget(new InMemoryCostLedger(), 0.01, null);
    for (int i = 0; i < 5; i++) {
      budget.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_000, MID_MARCH);
    }
    assertThat(budget.pace("V2", MID_MARCH).capReached()).isTrue();
    assertThat(budget.remainingMicroUsd(MID_MARCH)).isZero();
    assertThat(Budget.nextMonthStart(MID_MARCH)).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(budget.pace("V2", Instant.parse("2026-04-01T00:00:00Z")).capReached()).isFalse();
  }

  @Test
  void aVehiclesOwnBudgetCapsOnlyThatVehicle() {
    Budget budget = budget(new InMemoryCostLedger(), 10.0, 0.004);
    budget.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_000, MID_MARCH);
    budget.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_000, MID_MARCH);

    assertThat(budget.pace("V1", MID_MARCH).capReached()).isTrue();
    assertThat(budget.pace("V2", MID_MARCH).capReached()).isFalse();
    assertThat(budget.remainingMicroUsd("V1", MID_MARCH)).contains(0L);
    assertThat(budget.remainingMicroUsd("V2", MID_MARCH)).contains(4_000L);
  }

  @Test
  void aRefreshAddsWhatOtherInstancesSpentWithoutCountingOurOwnTwice() {
    CostLedger shared = new InMemoryCostLedger();
    Budget ours = budget(shared, 10.0, null);
    Budget theirs = budget(shared, 10.0, null);
    ours.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_000, MID_MARCH);
    theirs.record("acct", "V2", ApiCallKind.VEHICLE_DATA, 20_000, MID_MARCH);
    assertThat(ours.spentMicroUsd(MID_MARCH)).isEqualTo(2_000);

    ours.refresh(MID_MARCH).await();

    assertThat(ours.spentMicroUsd(MID_MARCH)).isEqualTo(22_000);
    ours.record("acct", "V1", ApiCallKind.VEHICLE_DATA, 2_000, MID_MARCH);
    assertThat(ours.spentMicroUsd(MID_MARCH)).isEqualTo(24_000);
  }

  @Test
  void freeCallsAreNotRecorded() {
    CostLedger ledger = new InMemoryCostLedger();
    Budget budget = budget(ledger, 10.0, null);
    budget.record("acct", null, ApiCallKind.LIST, 0, MID_MARCH);

    assertThat(ledger.month(Budget.monthOf(MID_MARCH)).await().totalCalls()).isZero();
  }
}
