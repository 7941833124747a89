package io.fleetpoller.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.events.EventAddresses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriageReporterTest {

  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InMemoryTriageLog log = new InMemoryTriageLog(100);
  private final TriageReporter reporter = new TriageReporter(vertx.eventBus(), log, registry);
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static FailureContext missingScope(String vin, Instant at) {
    return FailureContext.of(RequestKind.VEHICLE_DATA, 403, "Unauthorized missing scopes", "", "acct", at)
        .withVehicle(vin);
  }

  @Test
  void repeatsWithinFiveMinutesAreCountedButPublishedOnceAndAWindowLaterAgainWithTheCount() throws Exception {
    vertx.eventBus().<JsonObject>consumer(EventAddresses.TRIAGE, m -> published.add(m.body())).completion().await();

    TriageEvent first = reporter.report(missingScope("V1", T0));
    reporter.report(missingScope("V1", T0.plusSeconds(60)));
    reporter.report(missingScope("V1", T0.plusSeconds(120)));
    reporter.report(missingScope("V2", T0.plusSeconds(130)));
    reporter.report(missingScope("V1", T0.plusSeconds(301)));

    assertThat(first.reason()).isEqualTo(TriageReason.MISSING_SCOPE);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (published.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(published).extracting(e -> e.getString("vehicle")).containsExactly("V1", "V2", "V1");
    assertThat(published.get(2).getInteger("repeats_before")).isEqualTo(2);
    assertThat(log.recent(10, Optional.empty(), Optional.empty()).await()).hasSize(3);
    assertThat(registry.get("fleet.triage.events").tag("reason", "missing_scope").counter().count()).isEqualTo(5);
  }

  @Test
  void theLatestEventOfEachReasonIsAGaugeWithWhatTheDaemonDoesAndTheNextStep() {
    reporter.report(missingScope("V1", T0));
    reporter.report(missingScope("V2", T0.plusSeconds(90)));

    var latest = registry.get("fleet.triage.last.event.timestamp.seconds").tag("reason", "missing_scope").gauge();
    assertThat(latest.value()).isEqualTo(T0.plusSeconds(90).getEpochSecond());
    assertThat(latest.getId().getTag("auto_action")).isEqualTo("drop_endpoint_for_account");
    assertThat(latest.getId().getTag("severity")).isEqualTo("warning");
    assertThat(latest.getId().getTag("next_step")).isEqualTo(TriageReason.MISSING_SCOPE.nextStep());
    assertThat(registry.find("fleet.triage.last.event.timestamp.seconds").gauges()).hasSize(1);
  }

  @Test
  void everyReasonHasAShortNextStepWithoutAnAccountOrSecret() {
    for (TriageReason reason : TriageReason.values()) {
      assertThat(reason.nextStep()).as("%s", reason).isNotBlank().hasSizeLessThan(100).doesNotContain("acct");
    }
  }
}
