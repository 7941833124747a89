package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.FleetConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollPoliciesTest {

  private final FleetConfig.Polling polling = Snapshots.defaults();

  @Test
  void eachConfiguredNameGivesItsPolicy() {
    assertThat(PollPolicies.of(polling.withPolicy("cost-aware"))).isInstanceOf(CostAwarePolicy.class);
    assertThat(PollPolicies.of(polling.withPolicy("homeassistant-like"))).isInstanceOf(HomeAssistantLikePolicy.class);
    assertThat(PollPolicies.of(polling.withPolicy("teslamate-like"))).isInstanceOf(TeslaMateLikePolicy.class);
    PollPolicy fixed = PollPolicies.of(polling.withPolicy("fixed:5m"));
    assertThat(fixed).isInstanceOf(FixedPolicy.class);
    assertThat(((FixedPolicy) fixed).name()).isEqualTo("fixed:5m");
  }

  @Test
  void thePeerReferencesListAtTheirPeersCadenceTheOthersAtTheConfiguredOne() {
    assertThat(PollPolicies.listInterval(polling.withPolicy("homeassistant-like"))).isEqualTo(Duration.ofSeconds(600));
    assertThat(PollPolicies.listInterval(polling.withPolicy("teslamate-like"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(PollPolicies.listInterval(polling.withPolicy("fixed:30s").withListInterval(Duration.ofSeconds(90))))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(PollPolicies.listInterval(polling)).isEqualTo(Duration.ofSeconds(60));
  }
}
