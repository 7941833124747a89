package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionSwitchTest {

  private static final String NA = "https://fleet-api.prd.na.vn.cloud.tesla.com";

  @Test
  void teslasOwnRegionalHostsOverHttpsAreAccepted() {
    assertThat(RegionSwitch.acceptable("https://fleet-api.prd.eu.vn.cloud.tesla.com", NA))
        .contains("https://fleet-api.prd.eu.vn.cloud.tesla.com");
    assertThat(RegionSwitch.acceptable("https://fleet-api.prd.eu.vn.cloud.tesla.com/", NA))
        .contains("https://fleet-api.prd.eu.vn.cloud.tesla.com");
  }

  @Test
  void anyOtherHostOrPlainHttpIsRefusedSoNoTokenLeavesTesla() {
    assertThat(RegionSwitch.acceptable("https://evil.example.com", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable("https://fleet-api.tesla.com.evil.example", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable("http://fleet-api.prd.eu.vn.cloud.tesla.com", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable("https://user@fleet-api.prd.eu.vn.cloud.tesla.com", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable("https://fleet-api.prd.eu.vn.cloud.tesla.com/x?y=1", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable("not a url", NA)).isEmpty();
    assertThat(RegionSwitch.acceptable(null, NA)).isEmpty();
  }

  @Test
  void loopbackIsAcceptedOnlyWhenTheDaemonAlreadyTalksToALoopbackSimulator() {
    assertThat(RegionSwitch.acceptable("http://localhost:18080", "http://127.0.0.1:18080")).contains("http://localhost:18080");
    assertThat(RegionSwitch.acceptable("http://localhost:18080", NA)).isEmpty();
  }
}
