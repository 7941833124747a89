package io.fleetpoller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrometheusProcessTest {

  @Test
  void aMissingBinaryFailsUnderCiAndSkipsElsewhereSayingHowToInstallIt() {
    Throwable missing = catchThrowable(() -> PrometheusProcess.installed("fleet-poller-no-such-prometheus"));

    String ci = System.getenv("CI");
    assertThat(missing).isInstanceOf(ci != null && !ci.isBlank() ? AssertionError.class : TestAbortedException.class)
        .hasMessageContaining("fleet-poller-no-such-prometheus is not installed: .ci/run installs Debian's prometheus package");
  }
}
