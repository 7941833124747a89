package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeerPoliciesTest {

  @Test
  void theHelpFitsAFooterAndSurvivesPicocliFormatting() {
    List<String> lines = PeerPolicies.HELP.lines().toList();
    assertThat(lines).hasSizeLessThanOrEqualTo(25);
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThan(100));
    // picocli runs footers through String.format and its markup parser.
    assertThat(PeerPolicies.HELP).doesNotContain("%", "@|");
  }

  @Test
  void theHelpNamesEachReferencePolicyWithItsSourceAndNumbers() {
    assertThat(PeerPolicies.HELP).contains(
        "homeassistant-like", "tesla_fleet/coordinator.py", "600 s", "900 s", "pre-2021",
        "teslamate-like", "lib/teslamate/vehicles/vehicle.ex", "30 s", "2.5 s", "round(250 / kW)", "5..20 s",
        "15 s", "21 min", "car_settings.ex", "sleep.md",
        "fixed:30s", "Teslemetry");
  }
}
