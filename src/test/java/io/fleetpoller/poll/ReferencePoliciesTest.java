package io.fleetpoller.poll;

import static io.fleetpoller.poll.Snapshots.VIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferencePoliciesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant LAST = NOW.minusSeconds(1);

  private static VehicleView online(VehicleData data, Instant lastChangeAt) {
    return online(VIN, data, lastChangeAt);
  }

  private static VehicleView online(String vin, VehicleData data, Instant lastChangeAt) {
    return new VehicleView(vin, VehicleOnlineState.ONLINE, data, LAST, null, lastChangeAt, 0, null, 1, Set.of(), 0);
  }

  private static VehicleView asleep() {
    return new VehicleView(VIN, VehicleOnlineState.ASLEEP, Snapshots.parked(0, 80), LAST.minusSeconds(3600));
  }

  private static Duration waitOf(PollDecision decision) {
    return Duration.between(LAST, decision.dataAt().orElseThrow());
  }

  @Test
  void fixedPollsEveryIntervalWhileOnlineAndNamesItself() {
    var fixed = new FixedPolicy(Duration.ofSeconds(30));
    assertThat(fixed.name()).isEqualTo("fixed:30s");
    assertThat(new FixedPolicy(Duration.ofMinutes(5)).name()).isEqualTo("fixed:5m");
    assertThat(waitOf(fixed.decide(online(Snapshots.parked(0, 80), LAST.minusSeconds(7200)), NOW)))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(fixed.decide(asleep(), NOW).dataAt()).isEmpty();
  }

  @Test
  void homeAssistantReadsEvery600sAndEvery900sOnceIdle15MinutesOnlyForAPre2021ModelSorX() {
    var ha = new HomeAssistantLikePolicy();
    String oldModelS = "5YJSA1E26KF000001"; // S, 2019
    assertThat(waitOf(ha.decide(online(oldModelS, Snapshots.parked(0, 80), NOW.minusSeconds(60)), NOW)))
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(waitOf(ha.decide(online(oldModelS, Snapshots.parked(0, 80), NOW.minus(Duration.ofMinutes(15))), NOW)))
        .isEqualTo(Duration.ofSeconds(900));
    assertThat(waitOf(ha.decide(online(oldModelS, Snapshots.driving(0, 80, 200), NOW.minus(Duration.ofMinutes(30))),
        NOW))).isEqualTo(Duration.ofSeconds(600));
    // A Model 3, or a 2023 Model S, is read every 600 s however long it idles.
    assertThat(waitOf(ha.decide(online(Snapshots.parked(0, 80), NOW.minus(Duration.ofMinutes(30))), NOW)))
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(waitOf(ha.decide(online("5YJSA1E26PF000001", Snapshots.parked(0, 80), NOW.minus(Duration.ofMinutes(30))),
        NOW))).isEqualTo(Duration.ofSeconds(600));
    assertThat(HomeAssistantLikePolicy.pre2021ModelSorX("5YJXCAE43LF000001")).isTrue();
    assertThat(HomeAssistantLikePolicy.pre2021ModelSorX("5YJXCAE43MF000001")).isFalse();
    assertThat(HomeAssistantLikePolicy.pre2021ModelSorX("short")).isFalse();
    var sleeping = ha.decide(asleep(), NOW);
    assertThat(sleeping.dataAt()).isEmpty();
    assertThat(sleeping.stateCheckEvery()).contains(Duration.ofSeconds(600));
  }

  @Test
  void teslaMateChecksStateEvery30sWhileAsleepAndNeverFetches() {
    var decision = new TeslaMateLikePolicy().decide(asleep(), NOW);
    assertThat(decision.dataAt()).isEmpty();
    assertThat(decision.stateCheckEvery()).contains(Duration.ofSeconds(30));
  }

  @Test
  void teslaMateDrivesAt2point5sAndIdlesAt15s() {
    var tm = new TeslaMateLikePolicy();
    assertThat(waitOf(tm.decide(online(Snapshots.driving(0, 80, 200), LAST), NOW))).isEqualTo(Duration.ofMillis(2500));
    assertThat(waitOf(tm.decide(online(Snapshots.parked(0, 80), LAST.minusSeconds(60)), NOW)))
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void teslaMateChargingIntervalIs250OverPowerClampedTo5To20Seconds() {
    assertThat(TeslaMateLikePolicy.chargingSeconds(25.0)).isEqualTo(10);
    assertThat(TeslaMateLikePolicy.chargingSeconds(150.0)).isEqualTo(5);
    assertThat(TeslaMateLikePolicy.chargingSeconds(7.0)).isEqualTo(20);
    assertThat(TeslaMateLikePolicy.chargingSeconds(null)).isEqualTo(5);
    assertThat(TeslaMateLikePolicy.chargingSeconds(0.0)).isEqualTo(5);
    assertThat(waitOf(new TeslaMateLikePolicy().decide(online(Snapshots.charging(50, 16.0, 3, 2.0), LAST), NOW)))
        .isEqualTo(Duration.ofSeconds(16));
  }

  @Test
  void teslaMateSuspends21MinutesAfter15IdleMinutesUnlessASleepBlockerHolds() {
    var tm = new TeslaMateLikePolicy();
    Instant idleSince = LAST.minus(Duration.ofMinutes(15));
    assertThat(waitOf(tm.decide(online(Snapshots.parked(0, 80), idleSince), NOW))).isEqualTo(Duration.ofMinutes(21));
    assertThat(waitOf(tm.decide(online(Snapshots.parkedWithSentry(0, 80), idleSince), NOW)))
        .isEqualTo(Duration.ofSeconds(15));
    var userInCar = Snapshots.data(null, null, 0, 80, 200, "Disconnected", 0, 0, null, true, false);
    assertThat(waitOf(tm.decide(online(userInCar, idleSince), NOW))).isEqualTo(Duration.ofSeconds(15));
  }
}
