package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.events.EventAddresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Publishes the token lifecycle on {@code fleet.token}; payloads name accounts, never tokens. */
final class TokenEventPublisher {

  private final EventBus bus;
  private final FleetClock clock;

  TokenEventPublisher(EventBus bus, FleetClock clock) {
    this.bus = bus;
    this.clock = clock;
  }

  void refreshed(String account, long version, boolean persisted) {
    publish(event("refreshed", account).put("version", version).put("persisted", persisted));
  }

  void refreshFailed(String account, String reason, java.time.Instant nextAttemptAt) {
    publish(event("refresh_failed", account).put("reason", reason)
        .put("next_attempt_at", nextAttemptAt.toString()));
  }

  void needsConsent(String account, String reason) {
    publish(event("needs_consent", account).put("reason", reason)
        .put("reconsent_url", "/auth/login?account=" + account));
  }

  void consented(String account) {
    publish(event("consented", account));
  }

  private JsonObject event(String type, String account) {
    return new JsonObject().put("type", type).put("account", account).put("at", clock.now().toString());
  }

  private void publish(JsonObject event) {
    bus.publish(EventAddresses.TOKEN, event);
  }
}
