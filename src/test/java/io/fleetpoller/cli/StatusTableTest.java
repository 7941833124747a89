package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.TrackedVehicle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  @Test
  void showsStateBatteryPollTimesCallsAndSpendWithATotal() {
    var charge = new ChargeState(77, 76, 266.9, "Charging", 7.2, 3.1, 80, 230, 32, 1.5, 0L);
    var data = new VehicleData(1, "5YJ3E1EA7KF000001", "Red", VehicleOnlineState.ONLINE, charge, null, null, null);
    var polled = new TrackedVehicle("5YJ3E1EA7KF000001", "acct-1", "Red", VehicleOnlineState.ONLINE, "driving", NOW,
        data, NOW.minusSeconds(90), NOW.plusSeconds(210), 12, 24_000);
    var asleep = new TrackedVehicle("5YJ3E1EA7KF000002", "acct-1", "Blue", VehicleOnlineState.ASLEEP, "asleep", NOW,
        null, null, null, 3, 0);

    String table = StatusTable.render(List.of(polled, asleep), NOW);

    assertThat(table.lines()).hasSize(4);
    assertThat(table).contains("5YJ3E1EA7KF000001  driving           77 %  90s ago     in 3m          12     0.024");
    assertThat(table).contains("5YJ3E1EA7KF000002  asleep               -  never       on wake         3     0.000");
    assertThat(table.lines().reduce((a, b) -> b).orElseThrow()).contains("TOTAL").contains("15").contains("0.024");
  }
}
