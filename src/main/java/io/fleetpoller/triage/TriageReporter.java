package io.fleetpoller.triage;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.events.EventAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every classified failure goes: {@link TriageClassifier} names it, {@link TriageDeduper}
 * folds repeats (same reason, account and vehicle within 5 minutes) into one published event with a
 * count, and a published event goes to {@code fleet.triage}, the {@link TriageLog} (Redis stream or
 * memory, for {@code GET /api/triage}) and one WARN line with its reason and action. Every
 * occurrence, published or folded, counts in {@code fleet_triage_events_total{reason}}. The caller
 * acts on the returned event's {@link TriageEvent#autoAction()}: it holds the context to.
 *
 * <p>Thread-safe: failures are reported from whichever event loop saw them.
 */
public final class TriageReporter {

  private static final Logger LOG = LoggerFactory.getLogger(TriageReporter.class);

  private final TriageClassifier classifier = new TriageClassifier();
  private final TriageDeduper deduper = new TriageDeduper();
  private final EventBus eventBus;
  private final TriageLog log;
  private final MeterRegistry registry;
  /** Per reason and auto action: bounded by the two enums. */
  private final Map<String, AtomicLong> latest = new ConcurrentHashMap<>();

  public TriageReporter(EventBus eventBus, TriageLog log, MeterRegistry registry) {
    this.eventBus = eventBus;
    this.log = log;
    this.registry = registry;
  }

  /** Classifies a failure, shows it (once per 5 minutes per reason, account and vehicle) and returns it. */
  public TriageEvent report(FailureContext failure) {
    TriageEvent event = classifier.classify(failure);
    publish(event);
    return event;
  }

  /** The time of the reason's latest event, with what the daemon does and the usual next step. */
  private AtomicLong latestOf(TriageEvent event) {
    TriageReason reason = event.reason();
    String key = reason.wireName() + "/" + event.autoAction().wireName();
    return latest.computeIfAbsent(key, k -> {
      AtomicLong at = new AtomicLong();
      Gauge.builder("fleet.triage.last.event.timestamp.seconds", at, AtomicLong::get)
          .description("Unix time of the latest triage event of each reason, labelled with the daemon's own"
              + " action and the usual next step")
          .tags("reason", reason.wireName(), "severity", reason.severity().wireName(),
              "auto_action", event.autoAction().wireName(), "next_step", reason.nextStep())
          .register(registry);
      return at;
    });
  }

  /** Shows an event built elsewhere (the budget cap), folded like the others. */
  public void publish(TriageEvent event) {
    Counter.builder("fleet.triage.events")
        .description("Classified failures (401/403 and others), every occurrence, by reason")
        .tag("reason", event.reason().wireName())
        .register(registry)
        .increment();
    latestOf(event).set(event.at().getEpochSecond());
    TriageDeduper.Decision decision;
    synchronized (deduper) {
      decision = deduper.offer(event);
    }
    if (!decision.publish()) {
      return;
    }
    JsonObject json = event.toJson();
    if (decision.countedInPreviousWindow() > 0) {
      json.put("repeats_before", decision.countedInPreviousWindow());
    }
    LOG.warn("triage {} (account {}, vehicle {}): {} Next: {} The daemon: {}", event.reason().wireName(),
        v("account", event.account()), v("vehicle", event.vehicle()), event.cause(), event.action(), event.autoAction().wireName());
    eventBus.publish(EventAddresses.TRIAGE, json);
    log.append(json).onFailure(err -> LOG.warn("could not keep a triage event: {}", err.getMessage()));
  }
}
