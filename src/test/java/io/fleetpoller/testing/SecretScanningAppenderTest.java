package io.fleetpoller.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretScanningAppenderTest {

  @Test
  void aLoggedAccessOrRefreshTokenIsCaughtAndPlainLinesAreNot() {
    var log = LoggerFactory.getLogger("io.fleetpoller.leakprobe");
    log.info("refreshed the tokens of account acct-1 (version 3)");
    assertThat(SecretScanningAppender.drain()).isEmpty();

    log.info("oops {}", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY2N0LTEifQ.c2ln");
    log.debug("oops NA_" + "0123456789abcdef".repeat(4));
    assertThat(SecretScanningAppender.drain()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("io.fleetpoller.leakprobe"));
  }
}
