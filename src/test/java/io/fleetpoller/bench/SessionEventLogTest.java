package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionEventLogTest {

  private static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void aStartAndItsEndMakeOneSessionPerCarAndKind() {
    SessionEventLog log = new SessionEventLog();
    log.add("drive_started", "A", T0);
    log.add("charge_started", "B", T0.plusSeconds(5));
    log.add("drive_ended", "A", T0.plusSeconds(600));
    log.add("state", "A", T0.plusSeconds(601));

    assertThat(log.sessions()).containsExactlyInAnyOrder(
        new DetectedSession("A", SessionKind.DRIVE, T0, T0.plusSeconds(600)),
        new DetectedSession("B", SessionKind.CHARGE, T0.plusSeconds(5), null));
  }

  @Test
  void anEndWithoutAStartIsDroppedAndARepeatedStartClosesTheFirstUnended() {
    SessionEventLog log = new SessionEventLog();
    log.add("charge_ended", "A", T0);
    log.add("drive_started", "A", T0.plusSeconds(10));
    log.add("drive_started", "A", T0.plusSeconds(20));
    log.add("drive_ended", "A", T0.plusSeconds(30));

    assertThat(log.sessions()).containsExactlyInAnyOrder(
        new DetectedSession("A", SessionKind.DRIVE, T0.plusSeconds(10), null),
        new DetectedSession("A", SessionKind.DRIVE, T0.plusSeconds(20), T0.plusSeconds(30)));
  }
}
