package io.fleetpoller.poll;

import static io.fleetpoller.poll.Snapshots.VIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleOnlineState;
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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CostAwarePolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant LAST = NOW.minusSeconds(10);
  private final CostAwarePolicy policy = new CostAwarePolicy(Snapshots.defaults());
  private final double jitter = 1 + VinJitter.fraction(VIN);

  private static VehicleView view(VehicleActivity activity, VehicleData last, int unchanged, double pace) {
    return new VehicleView(VIN, VehicleOnlineState.ONLINE, last, LAST, activity, LAST, unchanged, null, pace,
        Set.of(), 0);
  }

  private Duration waitOf(PollDecision decision) {
    return Duration.between(LAST, decision.dataAt().orElseThrow());
  }

  private long expectedMillis(Duration base, double factor) {
    return Math.round(base.toMillis() * factor * jitter);
  }

  @Test
  void eachAwakeStatePollsAtItsConfiguredIntervalPlusTheVinOffset() {
    var since = LAST.minusSeconds(600);
    assertThat(waitOf(policy.decide(view(new Driving(LAST.minusSeconds(60), 0.0, 80, 200.0),
        Snapshots.driving(0, 80, 200), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofSeconds(30), 1)));
    assertThat(waitOf(policy.decide(view(new Charging(since, 0.0, 40, 7), Snapshots.charging(40, 7, 0, null), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(2), 1)));
    assertThat(waitOf(policy.decide(view(new OnlineIdle(since), Snapshots.parked(0, 80), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(5), 1)));
  }

  @Test
  void aLongDriveIsFollowedAtAQuarterOfItsAgeUpToFourDrivingIntervals() {
    var driving = Snapshots.driving(0, 80, 200);
    assertThat(waitOf(policy.decide(view(new Driving(LAST.minusSeconds(240), 0.0, 80, 200.0), driving, 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofSeconds(60), 1)));
    assertThat(waitOf(policy.decide(view(new Driving(LAST.minusSeconds(3600), 0.0, 80, 200.0), driving, 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(2), 1)));
  }

  @Test
  void aLongChargeIsLookedAtEveryTenMinutesAndWithoutTimeToFullBacksOffToThat() {
    var charging = new Charging(LAST.minusSeconds(3600), 0.0, 40, 11);
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(50, 11, 10, 3.0), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(10), 1)));
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(50, 11, 10, 0.5), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(10), 1)));
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(50, 11, 10, 0.25), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(7).plusSeconds(30), 1)));
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(50, 11, 10, null), 0, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(2), 1)));
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(50, 11, 10, null), 9, 1), NOW)))
        .isEqualTo(Duration.ofMillis(expectedMillis(Duration.ofMinutes(6), 1)));
  }

  @Test
  void asleepOfflineUnreachableAndPausedCarsGetNoDataCallOnlyTheList() {
    VehicleActivity[] quiet = {new Asleep(LAST), new Offline(LAST), new Unreachable(LAST, 1),
        new Paused(LAST, Optional.empty(), "budget")};
    for (VehicleActivity activity : quiet) {
      var decision = policy.decide(view(activity, Snapshots.parked(0, 80), 0, 1), NOW);
      assertThat(decision.dataAt()).as(activity.toString()).isEmpty();
      assertThat(decision.stateCheckEvery()).contains(Duration.ofSeconds(60));
    }
  }

  @Test
  void theListStateWinsOverAStaleActivity() {
    for (var state : new VehicleOnlineState[] {VehicleOnlineState.ASLEEP, VehicleOnlineState.OFFLINE,
        VehicleOnlineState.UNKNOWN}) {
      var v = new VehicleView(VIN, state, null, LAST, new Driving(LAST, 0.0, 80, 0.0), LAST, 0, null, 1, Set.of(), 0);
      assertThat(policy.decide(v, NOW).dataAt()).as(state.name()).isEmpty();
    }
  }

  @Test
  void lettingSleepLooksOnceWhenTheCarStaysOnlinePastItsSleepTimeThenOnlyAtWindowEnds() {
    // 15 min to fall asleep + one 60 s list cycle + 30 s: the list would have said asleep by then.
    var first = policy.decide(view(new LettingSleep(LAST), Snapshots.parked(0, 80), 3, 1), NOW);
    assertThat(first.dataAt()).contains(LAST.plus(Duration.ofMinutes(16)).plusSeconds(30));
    var after = policy.decide(view(new LettingSleep(LAST, true), Snapshots.parked(0, 80), 3, 1), NOW);
    assertThat(after.dataAt()).contains(LAST.plus(Duration.ofMinutes(20)));
    var chargeLikely = policy.decide(view(new LettingSleep(LAST, false, true), Snapshots.parked(0, 15), 0, 1), NOW);
    assertThat(chargeLikely.dataAt()).as("one plug-in look soon after parking").contains(LAST.plus(Duration.ofMinutes(4)));
  }

  @Test
  void aStateNoSnapshotHasSeenYetIsLookedAtNow() {
    var woke = new VehicleView(VIN, VehicleOnlineState.ONLINE, Snapshots.parked(0, 80), NOW.minusSeconds(3600),
        new OnlineIdle(NOW), null, 5, null, 1, Set.of(), 0);
    assertThat(policy.decide(woke, NOW).dataAt()).contains(NOW);
  }

  @Test
  void unchangedSnapshotsBackOffByHalfUpToThreeTimesAndAChangeSnapsBack() {
    var idle = new OnlineIdle(LAST.minusSeconds(60));
    var five = Duration.ofMinutes(5);
    assertThat(waitOf(policy.decide(view(idle, Snapshots.parked(0, 80), 1, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(five, 1.5));
    assertThat(waitOf(policy.decide(view(idle, Snapshots.parked(0, 80), 2, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(five, 2.25));
    assertThat(waitOf(policy.decide(view(idle, Snapshots.parked(0, 80), 9, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(five, 3.0));
    assertThat(waitOf(policy.decide(view(idle, Snapshots.parked(0, 80), 0, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(five, 1.0));
  }

  @Test
  void chargingTightensNearTheEndButNeverBelowTheDrivingInterval() {
    var charging = new Charging(LAST.minusSeconds(3600), 0.0, 40, 11);
    // 3 minutes to full: half of it, 90 s.
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(78, 11, 30, 0.05), 0, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(Duration.ofSeconds(90), 1));
    // 30 s to full: floored at the driving interval.
    assertThat(waitOf(policy.decide(view(charging, Snapshots.charging(79, 11, 30, 30 / 3600.0), 0, 1), NOW)).toMillis())
        .isEqualTo(expectedMillis(Duration.ofSeconds(30), 1));
  }

  @Test
  void thePaceFactorStretchesIdleFreelyButDrivingAtMostTwice() {
    var idle = new OnlineIdle(LAST.minusSeconds(60));
    assertThat(waitOf(policy.decide(view(idle, Snapshots.parked(0, 80), 0, 4.0), NOW)).toMillis())
        .isEqualTo(expectedMillis(Duration.ofMinutes(5), 4.0));
    var driving = new Driving(LAST.minusSeconds(60), 0.0, 80, 200.0);
    assertThat(waitOf(policy.decide(view(driving, Snapshots.driving(0, 80, 200), 0, 4.0), NOW)).toMillis())
        .isEqualTo(expectedMillis(Duration.ofSeconds(30), 2.0));
    assertThat(waitOf(policy.decide(view(driving, Snapshots.driving(0, 80, 200), 0, 1.5), NOW)).toMillis())
        .isEqualTo(expectedMillis(Duration.ofSeconds(30), 1.5));
  }

  @Test
  void aPaceFactorBelowOneIsRejected() {
    assertThatThrownBy(() -> view(new OnlineIdle(LAST), null, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRetryAfterPushesTheNextCallBack() {
    var v = new VehicleView(VIN, VehicleOnlineState.ONLINE, Snapshots.driving(0, 80, 200), LAST,
        new Driving(LAST, 0.0, 80, 200.0), LAST, 0, NOW.plusSeconds(120), 1, Set.of(), 0);
    assertThat(policy.decide(v, NOW).dataAt()).contains(NOW.plusSeconds(120));
  }

  @Test
  void endpointsFollowTheStateAndLocationNeedsItsScope() {
    var driving = view(new Driving(LAST, 0.0, 80, 200.0), Snapshots.driving(0, 80, 200), 0, 1);
    assertThat(policy.decide(driving, NOW).endpoints()).containsExactlyInAnyOrder(VehicleDataEndpoint.DRIVE_STATE,
        VehicleDataEndpoint.CHARGE_STATE, VehicleDataEndpoint.VEHICLE_STATE);
    assertThat(policy.decide(driving.withGrantedScopes(Set.of("vehicle_location")), NOW).endpoints())
        .contains(VehicleDataEndpoint.LOCATION_DATA);
    var charging = view(new Charging(LAST, 0.0, 40, 7), Snapshots.charging(40, 7, 0, 5.0), 0, 1);
    assertThat(policy.decide(charging, NOW).endpoints()).containsExactly(VehicleDataEndpoint.CHARGE_STATE);
  }

  @Test
  void wakingIsNeverAllowedByDefaultAndOnlyWithinTheWakeBudgetWhenEnabled() {
    var asleep = new VehicleView(VIN, VehicleOnlineState.ASLEEP, null, null, new Asleep(LAST), null, 0, null, 1,
        Set.of(), 5);
    assertThat(policy.decide(asleep, NOW).wakeAllowed()).isFalse();
    FleetConfig.Polling d = Snapshots.defaults();
    var allowing = new CostAwarePolicy(new FleetConfig.Polling(d.listInterval(), d.intervals(), d.idleBeforeSleep(),
        d.sleepWindow(), d.fallsAsleepAfter(), true, d.endpoints(), d.budget(), d.rateLimit(), d.policy()));
    assertThat(allowing.decide(asleep, NOW).wakeAllowed()).isTrue();
    assertThat(allowing.decide(asleep.withWakesLeft(0), NOW).wakeAllowed()).isFalse();
    assertThat(allowing.decide(asleep, NOW).dataAt()).isEmpty();
  }

  @Test
  void theVinOffsetStaysWithinTenPercentIsStableAndSpreadsAFleet() {
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String vin = String.format("5YJ3E1EA7KF%06d", i);
      double f = VinJitter.fraction(vin);
      assertThat(f).isBetween(-0.10, 0.10);
      assertThat(VinJitter.fraction(vin)).isEqualTo(f);
      distinct.add(Math.round(f * 1000));
    }
    assertThat(distinct).hasSizeGreaterThan(50);
    assertThat(VinJitter.fraction(VIN)).isCloseTo(VinJitter.fraction(new String(VIN)), within(0.0));
  }
}
