package io.fleetpoller.poll;

import static io.fleetpoller.poll.Snapshots.VIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.SessionEvent.ChargeEnded;
import io.fleetpoller.poll.SessionEvent.ChargeStarted;
import io.fleetpoller.poll.SessionEvent.DriveEnded;
import io.fleetpoller.poll.SessionEvent.DriveStarted;
import io.fleetpoller.poll.VehicleActivity.Asleep;
import io.fleetpoller.poll.VehicleActivity.Charging;
import io.fleetpoller.poll.VehicleActivity.Driving;
import io.fleetpoller.poll.VehicleActivity.LettingSleep;
import io.fleetpoller.poll.VehicleActivity.Offline;
import io.fleetpoller.poll.VehicleActivity.OnlineIdle;
import io.fleetpoller.poll.VehicleActivity.Paused;
import io.fleetpoller.poll.VehicleActivity.Unreachable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VehicleTrackerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  private static final Duration IDLE = Duration.ofMinutes(10);

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static VehicleTracker fresh() {
    return VehicleTracker.start(VIN, IDLE, Duration.ofSeconds(60), T0);
  }

  private static VehicleTracker online() {
    return fresh().onListState(VehicleOnlineState.ONLINE, T0).tracker();
  }

  @Test
  void anUnseenCarIsOfflineAndTheListDecidesItsState() {
    assertThat(fresh().activity()).isInstanceOf(Offline.class);
    assertThat(online().activity()).isEqualTo(new OnlineIdle(T0));
    assertThat(fresh().onListState(VehicleOnlineState.ASLEEP, T0).activity()).isInstanceOf(Asleep.class);
    assertThat(fresh().onListState(VehicleOnlineState.UNKNOWN, T0).activity()).isInstanceOf(Offline.class);
  }

  @Test
  void aDriveStartsOnAnEngagedGearAndEndsWithDistanceAndBatteryUsed() {
    var t = online().onSnapshot(Snapshots.parked(1000.0, 80), at(0)).tracker();
    var start = t.onSnapshot(Snapshots.driving(1000.0, 80, 200.0), at(1));
    assertThat(start.activity()).isEqualTo(new Driving(at(1), 1000.0, 80, 200.0));
    assertThat(start.events()).containsExactly(new DriveStarted(at(1), 1000.0, 80));

    var moving = start.tracker().onSnapshot(Snapshots.driving(1010.0, 76, 190.0), at(15));
    assertThat(moving.activity()).isEqualTo(new Driving(at(1), 1000.0, 80, 200.0));
    assertThat(moving.events()).isEmpty();

    var end = moving.tracker().onSnapshot(Snapshots.parked(1012.5, 75), at(20));
    assertThat(end.activity()).as("a session end lets the car sleep at once").isEqualTo(new LettingSleep(at(20)));
    assertThat(end.events()).containsExactly(new DriveEnded(at(20), at(1), 12.5, 5, 0.0));
  }

  @Test
  void speedAloneCountsAsDriving() {
    var data = Snapshots.data(null, 3.0, 1000, 80, 200, "Disconnected", 0, 0, null, false, false);
    assertThat(online().onSnapshot(data, at(1)).activity()).isInstanceOf(Driving.class);
  }

  @Test
  void aChargeEndsWithEnergyAddedAndPeakPower() {
    var t = online().onSnapshot(Snapshots.parked(1000.0, 40), at(0)).tracker();
    var start = t.onSnapshot(Snapshots.charging(40, 7.0, 0.0, 3.0), at(5));
    assertThat(start.events()).containsExactly(new ChargeStarted(at(5), 40));
    var faster = start.tracker().onSnapshot(Snapshots.charging(50, 11.0, 6.0, 2.0), at(35));
    assertThat(faster.activity()).isEqualTo(new Charging(at(5), 0.0, 40, 11.0));
    var slower = faster.tracker().onSnapshot(Snapshots.charging(70, 9.0, 20.0, 1.0), at(95));
    assertThat(((Charging) slower.activity()).peakPowerKw()).isEqualTo(11.0);
    var done = slower.tracker().onSnapshot(Snapshots.chargeComplete(80, 27.5), at(180));
    assertThat(done.activity()).as("a session end lets the car sleep at once").isEqualTo(new LettingSleep(at(180)));
    assertThat(done.events()).containsExactly(new ChargeEnded(at(180), at(5), 27.5, 11.0, 80));
  }

  @Test
  void chargerPowerAloneCountsAsCharging() {
    var data = Snapshots.data(null, null, 1000, 50, 200, "Starting", 3.5, 0, null, false, false);
    assertThat(online().onSnapshot(data, at(1)).activity()).isInstanceOf(Charging.class);
  }

  @Test
  void drivingStraightIntoChargingEndsTheDriveAndStartsTheCharge() {
    var driving = online().onSnapshot(Snapshots.driving(990.0, 60, 150.0), at(0)).tracker();
    var step = driving.onSnapshot(Snapshots.charging(55, 100.0, 0.0, 0.5), at(30));
    assertThat(step.events()).hasSize(2);
    assertThat(step.events().get(0)).isInstanceOf(DriveEnded.class);
    assertThat(((DriveEnded) step.events().get(0)).distanceMiles()).isEqualTo(10.0);
    assertThat(step.events().get(1)).isEqualTo(new ChargeStarted(at(30), 55));
  }

  @Test
  void idleWithNoChangeForIdleBeforeSleepLetsTheCarSleep() {
    var t = online().onSnapshot(Snapshots.parked(1000.0, 80), at(0)).tracker();
    var stillIdle = t.onSnapshot(Snapshots.parked(1000.0, 80), at(5));
    assertThat(stillIdle.activity()).isInstanceOf(OnlineIdle.class);
    var letting = stillIdle.tracker().onSnapshot(Snapshots.parked(1000.0, 80), at(10));
    assertThat(letting.activity()).isEqualTo(new LettingSleep(at(10)));
  }

  @Test
  void aChangeWhileParkedRestartsTheIdleClock() {
    var t = online().onSnapshot(Snapshots.parked(1000.0, 80), at(0)).tracker();
    var drop = t.onSnapshot(Snapshots.parked(1000.0, 79), at(8));
    assertThat(drop.activity()).isEqualTo(new OnlineIdle(at(8)));
    assertThat(drop.tracker().view().unchangedSnapshots()).isZero();
    assertThat(drop.tracker().onSnapshot(Snapshots.parked(1000.0, 79), at(12)).activity())
        .isInstanceOf(OnlineIdle.class);
  }

  @Test
  void listOnlineDuringLettingSleepIsNoNewsButAsleepThenOnlineIsAWakeUp() {
    var letting = online().onSnapshot(Snapshots.parked(1000.0, 80), at(0)).tracker()
        .onSnapshot(Snapshots.parked(1000.0, 80), at(10)).tracker();
    assertThat(letting.activity()).isInstanceOf(LettingSleep.class);
    var stillLetting = letting.onListState(VehicleOnlineState.ONLINE, at(11)).tracker();
    assertThat(stillLetting.activity()).isEqualTo(new LettingSleep(at(10)));
    var asleep = stillLetting.onListState(VehicleOnlineState.ASLEEP, at(25)).tracker();
    assertThat(asleep.activity()).isEqualTo(new Asleep(at(25)));
    assertThat(asleep.onListState(VehicleOnlineState.ONLINE, at(90)).activity()).isEqualTo(new OnlineIdle(at(90)));
  }

  @Test
  void theCheckAtTheEndOfASleepWindowStartsAnotherWindowWhenNothingChanged() {
    var letting = online().onSnapshot(Snapshots.parked(1000.0, 80), at(0)).tracker()
        .onSnapshot(Snapshots.parked(1000.0, 80), at(10)).tracker();
    assertThat(letting.onSnapshot(Snapshots.parked(1000.0, 80), at(30)).activity()).isEqualTo(new LettingSleep(at(30), true));
    assertThat(letting.onSnapshot(Snapshots.parkedWithSentry(1000.0, 80), at(30)).activity())
        .isEqualTo(new OnlineIdle(at(30)));
  }

  @Test
  void a408IsAsleepAndEndsAnOpenDrive() {
    var driving = online().onSnapshot(Snapshots.driving(1000.0, 80, 200.0), at(0)).tracker();
    var step = driving.onUnavailable408(at(5));
    assertThat(step.activity()).isEqualTo(new Asleep(at(5)));
    assertThat(step.tracker().view().state()).isEqualTo(VehicleOnlineState.ASLEEP);
    assertThat(step.events()).singleElement().isInstanceOf(DriveEnded.class);
  }

  @Test
  void theListSayingAsleepOrOfflineEndsAnOpenCharge() {
    var charging = online().onSnapshot(Snapshots.charging(40, 7.0, 3.0, 2.0), at(0)).tracker();
    var asleep = charging.onListState(VehicleOnlineState.ASLEEP, at(30));
    assertThat(asleep.events()).containsExactly(new ChargeEnded(at(30), at(0), 0.0, 7.0, 40));
    assertThat(charging.onListState(VehicleOnlineState.OFFLINE, at(30)).activity()).isEqualTo(new Offline(at(30)));
  }

  @Test
  void transportFailuresBackOffAndADriveSurvivesTheGap() {
    var driving = online().onSnapshot(Snapshots.driving(1000.0, 80, 200.0), at(0)).tracker();
    var failed = driving.onTransportFailure(at(1)).tracker().onTransportFailure(at(2)).tracker();
    assertThat(failed.activity()).isEqualTo(new Unreachable(at(2), 2));
    // Two failures: wait two list intervals before trying again.
    assertThat(failed.onListState(VehicleOnlineState.ONLINE, at(3)).activity()).isInstanceOf(Unreachable.class);
    var retried = failed.onListState(VehicleOnlineState.ONLINE, at(4)).tracker();
    assertThat(retried.activity()).isEqualTo(new Driving(at(0), 1000.0, 80, 200.0));
    var step = failed.onSnapshot(Snapshots.driving(1005.0, 79, 195.0), at(4));
    assertThat(step.activity()).isEqualTo(new Driving(at(0), 1000.0, 80, 200.0));
    assertThat(step.events()).isEmpty();
  }

  @Test
  void aRateLimitHoldsDataCallsUntilRetryAfter() {
    var t = online().onRateLimited(Duration.ofSeconds(90), at(0)).tracker();
    assertThat(t.view().dataNotBefore()).isEqualTo(at(0).plusSeconds(90));
    assertThat(t.activity()).isInstanceOf(OnlineIdle.class);
  }

  @Test
  void aPauseHoldsUntilResumedOrUntilItsEnd() {
    var driving = online().onSnapshot(Snapshots.driving(1000.0, 80, 200.0), at(0)).tracker();
    var paused = driving.onPaused("budget", Optional.empty(), at(1)).tracker();
    assertThat(paused.activity()).isEqualTo(new Paused(at(1), Optional.empty(), "budget"));
    assertThat(paused.onListState(VehicleOnlineState.ASLEEP, at(2)).activity()).isInstanceOf(Paused.class);
    assertThat(paused.onResumed(at(3)).activity()).isInstanceOf(Driving.class);

    var timed = driving.onPaused("token", Optional.of(at(10)), at(1)).tracker();
    assertThat(timed.onListState(VehicleOnlineState.ONLINE, at(5)).activity()).isInstanceOf(Paused.class);
    assertThat(timed.onListState(VehicleOnlineState.ONLINE, at(10)).activity()).isInstanceOf(Driving.class);
  }

  @Test
  void aLongDriveOrALowBatteryMakesTheSleepWindowLookForAPlugInFirst() {
    var drive = new VehicleActivity.Driving(at(0), 1000.0, 80, 240.0);
    assertThat(VehicleTracker.chargeLikelyAfter(drive, Snapshots.parked(1030.0, 60), at(45))).isTrue();
    assertThat(VehicleTracker.chargeLikelyAfter(drive, Snapshots.parked(1010.0, 60), at(20))).isFalse();
    assertThat(VehicleTracker.chargeLikelyAfter(drive, Snapshots.parked(1010.0, 18), at(20))).isTrue();

    VehicleTracker parkedAfterTrip = online()
        .onSnapshot(Snapshots.driving(1000.0, 80, 240.0), at(0)).tracker()
        .onSnapshot(Snapshots.parked(1030.0, 60), at(45)).tracker();
    assertThat(parkedAfterTrip.activity()).isEqualTo(new LettingSleep(at(45), false, true));
    // The look found no charge: the ordinary window follows, its early look still to come.
    assertThat(parkedAfterTrip.onSnapshot(Snapshots.parked(1030.0, 60), at(49)).activity())
        .isEqualTo(new LettingSleep(at(49)));
    var driverLeft = Snapshots.data(null, null, 1030.0, 60, 180.0, "Disconnected", 0, 0, null, false, true);
    assertThat(parkedAfterTrip.onSnapshot(driverLeft, at(49)).activity()).isEqualTo(new LettingSleep(at(49)));
  }

  @Test
  void everyActivityLabelIsListedForTheMetrics() {
    var since = at(0);
    java.util.List<VehicleActivity> all = java.util.List.of(new VehicleActivity.Driving(since, null, null, null),
        new VehicleActivity.Charging(since, null, null, 0), new OnlineIdle(since), new LettingSleep(since),
        new VehicleActivity.Asleep(since), new VehicleActivity.Offline(since), new VehicleActivity.Unreachable(since, 1),
        new VehicleActivity.Paused(since, java.util.Optional.empty(), "budget"));
    assertThat(all).extracting(VehicleActivity::label).containsExactlyElementsOf(VehicleActivity.LABELS);
  }
}
