package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.sim.PlannedActivity.Drive;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyPlanTest {

  private static final long DAY = 19_732; // 2024-01-10

  @Test
  void sameSeedCarAndDayGiveTheSamePlan() {
    VehicleTraits car = VehicleTraits.of(42, 0);
    assertThat(DailyPlan.of(42, car, DAY)).isEqualTo(DailyPlan.of(42, VehicleTraits.of(42, 0), DAY));
  }

  @Test
  void anotherSeedOrDayGivesAnotherPlan() {
    List<PlannedActivity> plan = DailyPlan.of(42, VehicleTraits.of(42, 0), DAY);
    assertThat(DailyPlan.of(43, VehicleTraits.of(43, 0), DAY)).isNotEqualTo(plan);
    assertThat(DailyPlan.of(42, VehicleTraits.of(42, 0), DAY + 1)).isNotEqualTo(plan);
    assertThat(DailyPlan.of(42, VehicleTraits.of(42, 1), DAY)).isNotEqualTo(plan);
  }

  @Test
  void activitiesAreOrderedWithinTheDayAndDrivesAreRealistic() {
    Instant midnight = Instant.ofEpochSecond(DAY * DailyPlan.SECONDS_PER_DAY);
    for (long seed = 1; seed <= 20; seed++) {
      for (int index = 0; index < 10; index++) {
        List<PlannedActivity> plan = DailyPlan.of(seed, VehicleTraits.of(seed, index), DAY);
        assertThat(plan.stream().filter(Drive.class::isInstance)).hasSizeGreaterThanOrEqualTo(2);
        Instant previousEnd = midnight;
        for (PlannedActivity activity : plan) {
          assertThat(activity.start()).isAfterOrEqualTo(previousEnd).isBefore(midnight.plus(Duration.ofDays(1)));
          if (activity instanceof Drive drive) {
            assertThat(drive.duration()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(60));
            assertThat(drive.averageMph()).isBetween(20.0, 75.0);
            previousEnd = drive.end();
          } else if (activity instanceof PlannedActivity.FastCharge fast) {
            assertThat(fast.kilowatts()).isBetween(50.0, 150.0);
            previousEnd = fast.end();
          } else if (activity instanceof PlannedActivity.OfflinePeriod offline) {
            assertThat(Duration.between(offline.start(), offline.end()))
                .isBetween(Duration.ofHours(1), Duration.ofHours(3));
            previousEnd = offline.end();
          } else if (activity instanceof PlannedActivity.HomeCharge home) {
            assertThat(home.kilowatts()).isBetween(7.0, 11.0);
            assertThat(home.limitPercent()).isBetween(80, 90);
          }
        }
      }
    }
  }

  @Test
  void traitsGiveDistinctVins() {
    assertThat(List.of(0, 1, 2, 3, 4).stream().map(i -> VehicleTraits.of(42, i).vin()).distinct()).hasSize(5);
    assertThat(VehicleTraits.of(42, 3).vin()).hasSize(17);
  }
}
