package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimVehicleTest {

  private static final Instant MIDNIGHT = Instant.parse("2024-01-10T00:00:00Z");
  private static final Duration SLEEP_AFTER = Duration.ofMinutes(15);

  private static SimVehicle car(int index, Instant now) {
    return new SimVehicle(42, VehicleTraits.of(42, index), "acct-1", SLEEP_AFTER, 60, now);
  }

  @Test
  void aSimulatedDayOfFiveCarsHasDrivesAndChargesAndStaysPhysical() {
    Set<String> activities = new HashSet<>();
    for (int index = 0; index < 5; index++) {
      SimVehicle car = car(index, MIDNIGHT);
      double lastOdometer = car.snapshot().odometer();
      for (Instant t = MIDNIGHT; t.isBefore(MIDNIGHT.plus(Duration.ofDays(1))); t = t.plusSeconds(60)) {
        car.advanceTo(t);
        VehicleSnapshot s = car.snapshot();
        activities.add(s.activity());
        boolean driving = "D".equals(s.shiftState()) || "R".equals(s.shiftState());
        assertThat(driving && s.chargingState().equals("Charging")).as("driving while charging at %s", t).isFalse();
        assertThat(s.batteryPercent()).isBetween(0.0, 100.0);
        assertThat(s.odometer()).isGreaterThanOrEqualTo(lastOdometer);
        lastOdometer = s.odometer();
        if (driving) {
          assertThat(s.state()).isEqualTo("online");
          assertThat(s.powerKw()).isPositive();
          assertThat(s.speed()).isPositive();
        }
        if (s.chargingState().equals("Charging")) {
          assertThat(s.state()).isEqualTo("online");
          assertThat(s.chargerPowerKw()).isBetween(7.0, 150.0);
        }
      }
    }
    assertThat(activities).contains("driving", "charging", "parked");
  }

  @Test
  void aDriveRaisesTheOdometerAndLowersTheBattery() {
    SimVehicle car = car(0, MIDNIGHT);
    PlannedActivity.Drive drive = firstDrive(0);
    car.advanceTo(drive.start().plusSeconds(1));
    VehicleSnapshot before = car.snapshot();
    car.advanceTo(drive.end().minusSeconds(1));
    VehicleSnapshot after = car.snapshot();
    assertThat(after.odometer()).isGreaterThan(before.odometer());
    assertThat(after.batteryKwh()).isLessThan(before.batteryKwh());
    assertThat(after.odometer() - before.odometer())
        .isCloseTo(drive.averageMph() * (drive.duration().toSeconds() - 2) / 3600.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void anUntouchedCarFallsAsleepSleepAfterItsDriveEnds() {
    PlannedActivity.Drive drive = firstDrive(0);
    SimVehicle car = car(0, drive.end());
    assertThat(car.state()).isEqualTo("online");
    car.advanceTo(drive.end().plus(SLEEP_AFTER).minusSeconds(1));
    assertThat(car.state()).isEqualTo("online");
    car.advanceTo(drive.end().plus(SLEEP_AFTER));
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.awakeSecondsCaused()).isZero();
  }

  @Test
  void pollingVehicleDataKeepsTheCarAwakeAndCountsTheCausedSeconds() {
    PlannedActivity.Drive drive = firstDrive(0);
    SimVehicle car = car(0, drive.end());
    Instant t = drive.end();
    for (int i = 0; i < 6; i++) { // every 10 minutes for an hour
      t = t.plus(Duration.ofMinutes(10));
      car.advanceTo(t);
      assertThat(car.serveData()).isTrue();
    }
    long caused = car.awakeSecondsCaused();
    assertThat(caused).isEqualTo(Duration.ofMinutes(60).minus(SLEEP_AFTER).toSeconds());
    car.advanceTo(t.plus(SLEEP_AFTER));
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.awakeSecondsCaused()).isEqualTo(Duration.ofMinutes(60).toSeconds());
    assertThat(car.serveData()).isFalse();
  }

  @Test
  void anUntouchedCarIsAwakeExactlyWhileDrivingOrChargingAndSleepAfterEachActivity() {
    Instant end = MIDNIGHT.plus(Duration.ofDays(1));
    for (int index = 0; index < 5; index++) {
      SimVehicle car = car(index, MIDNIGHT);
      car.advanceTo(end);
      // The union of [start, end + sleepAfter] over every session, clipped to the simulated day.
      long expectedMillis = 0;
      Instant stretchStart = null;
      Instant stretchEnd = null;
      for (SimSession session : car.sessions()) {
        Instant from = session.start().isBefore(MIDNIGHT) ? MIDNIGHT : session.start();
        Instant to = session.end() == null ? end : min(end, session.end().plus(SLEEP_AFTER));
        if (!to.isAfter(from)) {
          continue;
        }
        if (stretchEnd != null && !from.isAfter(stretchEnd)) {
          stretchEnd = to.isAfter(stretchEnd) ? to : stretchEnd;
        } else {
          if (stretchEnd != null) {
            expectedMillis += Duration.between(stretchStart, stretchEnd).toMillis();
          }
          stretchStart = from;
          stretchEnd = to;
        }
      }
      if (stretchEnd != null) {
        expectedMillis += Duration.between(stretchStart, stretchEnd).toMillis();
      }
      assertThat(expectedMillis).as("car %d has a session", index).isPositive();
      assertThat(car.awakeSeconds()).as("car %d", index).isCloseTo(expectedMillis / 1000, org.assertj.core.data.Offset.offset(1L));
      assertThat(car.awakeSecondsCaused()).isZero();
    }
  }

  @Test
  void pollingAddsExactlyItsCausedSecondsToTheNaturalAwakeTime() {
    PlannedActivity.Drive drive = firstDrive(0);
    SimVehicle car = car(0, drive.end());
    assertThat(car.awakeSeconds()).as("counting starts with the simulation").isZero();
    Instant t = drive.end();
    for (int i = 0; i < 6; i++) {
      t = t.plus(Duration.ofMinutes(10));
      car.advanceTo(t);
      assertThat(car.serveData()).isTrue();
    }
    assertThat(car.awakeSeconds()).as("awake so far, the current stretch included").isEqualTo(3600);
    car.advanceTo(t.plus(SLEEP_AFTER));
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.awakeSeconds()).isEqualTo(3600 + SLEEP_AFTER.toSeconds());
    assertThat(car.awakeSeconds() - car.awakeSecondsCaused()).isEqualTo(SLEEP_AFTER.toSeconds());
  }

  @Test
  void aWokenCarCountsItsWakingSecondsAsAwake() {
    PlannedActivity.Drive drive = firstDrive(0);
    Instant asleepAt = drive.end().plus(SLEEP_AFTER).plusSeconds(60);
    SimVehicle car = car(0, asleepAt);
    assertThat(car.awakeSeconds()).isZero();
    car.wakeUp();
    car.advanceTo(asleepAt.plus(Duration.ofHours(1)));
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.awakeSeconds() - car.awakeSecondsCaused()).isBetween(10L, 60L);
  }

  @Test
  void wakeUpBringsAnAsleepCarOnlineTenToSixtySecondsLaterAndCountsItsAwakeTime() {
    PlannedActivity.Drive drive = firstDrive(0);
    Instant asleepAt = drive.end().plus(SLEEP_AFTER).plusSeconds(60);
    SimVehicle car = car(0, asleepAt);
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.wakeUp()).isTrue();
    assertThat(car.state()).isEqualTo("asleep");
    car.advanceTo(asleepAt.plusSeconds(9));
    assertThat(car.state()).isEqualTo("asleep");
    car.advanceTo(asleepAt.plusSeconds(60));
    assertThat(car.state()).isEqualTo("online");
    assertThat(car.wakes()).isEqualTo(1);
    car.advanceTo(asleepAt.plus(Duration.ofHours(1)));
    assertThat(car.state()).isEqualTo("asleep");
    assertThat(car.awakeSecondsCaused()).isEqualTo(SLEEP_AFTER.toSeconds());
  }

  @Test
  void anOfflineCarAnswersNothingAndIgnoresWakeUp() {
    for (int index = 0; index < 5; index++) {
      for (long day = 0; day < 10; day++) {
        for (PlannedActivity activity : DailyPlan.of(42, VehicleTraits.of(42, index), 19_732 + day)) {
          if (activity instanceof PlannedActivity.OfflinePeriod offline) {
            SimVehicle car = car(index, offline.start().plusSeconds(60));
            assertThat(car.state()).isEqualTo("offline");
            assertThat(car.serveData()).isFalse();
            assertThat(car.wakeUp()).isFalse();
            car.advanceTo(offline.end());
            assertThat(car.state()).isNotEqualTo("offline");
            return;
          }
        }
      }
    }
    throw new AssertionError("no offline period in 10 days of 5 cars");
  }

  @Test
  void theSameSeedLivesTheSameDay() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    SimVehicle a = car(2, MIDNIGHT);
    SimVehicle b = car(2, MIDNIGHT);
    for (Instant t = MIDNIGHT; t.isBefore(MIDNIGHT.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(7))) {
      a.advanceTo(t);
      first.add(a.snapshot().toString());
    }
    b.advanceTo(MIDNIGHT.plus(Duration.ofDays(1))); // one jump instead of small steps
    SimVehicle c = car(2, MIDNIGHT);
    for (Instant t = MIDNIGHT; t.isBefore(MIDNIGHT.plus(Duration.ofDays(1))); t = t.plus(Duration.ofMinutes(7))) {
      c.advanceTo(t);
      second.add(c.snapshot().toString());
    }
    assertThat(second).isEqualTo(first);
    a.advanceTo(MIDNIGHT.plus(Duration.ofDays(1)));
    assertThat(b.snapshot().odometer()).isCloseTo(a.snapshot().odometer(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(b.snapshot().batteryKwh()).isCloseTo(a.snapshot().batteryKwh(), org.assertj.core.data.Offset.offset(1e-6));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static PlannedActivity.Drive firstDrive(int index) {
    return DailyPlan.of(42, VehicleTraits.of(42, index), 19_732).stream()
        .filter(PlannedActivity.Drive.class::isInstance).map(PlannedActivity.Drive.class::cast)
        .findFirst().orElseThrow();
  }
}
