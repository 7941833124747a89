package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FixedIntervalPolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final FixedIntervalPolicy policy =
      new FixedIntervalPolicy(Duration.ofMinutes(5), Set.of(VehicleDataEndpoint.CHARGE_STATE));

  @Test
  void anOnlineCarNeverPolledIsDueNow() {
    var decision = policy.decide(new VehicleView("VIN1", VehicleOnlineState.ONLINE, null, null), NOW);
    assertThat(decision.dataAt()).contains(NOW);
    assertThat(decision.dueAt(NOW)).isTrue();
    assertThat(decision.endpoints()).containsExactly(VehicleDataEndpoint.CHARGE_STATE);
  }

  @Test
  void anOnlineCarIsDueOneIntervalAfterItsLastPoll() {
    var view = new VehicleView("VIN1", VehicleOnlineState.ONLINE, null, NOW.minusSeconds(60));
    var decision = policy.decide(view, NOW);
    assertThat(decision.dataAt()).contains(NOW.plusSeconds(240));
    assertThat(decision.dueAt(NOW)).isFalse();
  }

  @Test
  void asleepOfflineAndUnknownCarsAreNeverAskedForData() {
    for (var state : new VehicleOnlineState[] {
        VehicleOnlineState.ASLEEP, VehicleOnlineState.OFFLINE, VehicleOnlineState.UNKNOWN}) {
      var decision = policy.decide(new VehicleView("VIN1", state, null, NOW.minusSeconds(3600)), NOW);
      assertThat(decision.dataAt()).as(state.name()).isEmpty();
      assertThat(decision.dueAt(NOW)).isFalse();
    }
  }
}
