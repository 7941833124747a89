package io.fleetpoller.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.sim.SimSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TruthSessionTest {

  private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

  @Test
  void theSimulatorsSessionsBecomeTruthPerVinWithOngoingOnesKeptOpen() {
    Map<String, List<SimSession>> byVin = new LinkedHashMap<>();
    byVin.put("VIN1", List.of(new SimSession(SimSession.Kind.DRIVE, T, T.plusSeconds(600)),
        new SimSession(SimSession.Kind.CHARGE, T.plusSeconds(900), null)));
    byVin.put("VIN2", List.of());

    assertThat(TruthSession.fromSimulator(byVin)).containsExactly(
        new TruthSession("VIN1", SessionKind.DRIVE, T, T.plusSeconds(600)),
        new TruthSession("VIN1", SessionKind.CHARGE, T.plusSeconds(900), null));
    assertThat(TruthSession.fromSimulator(byVin).get(1).ongoing()).isTrue();
  }

  @Test
  void aSessionEndingBeforeItStartsIsRejected() {
    assertThatThrownBy(() -> new TruthSession("VIN1", SessionKind.DRIVE, T, T.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VIN1");
    assertThatThrownBy(() -> new DetectedSession("VIN1", SessionKind.DRIVE, T, T.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VIN1");
  }
}
