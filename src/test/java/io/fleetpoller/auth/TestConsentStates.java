package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A test-only {@link ConsentStates} in memory (the real in-memory and Redis ones live elsewhere),
 * with a hook to tamper with a remembered consent as an attacker or a changed config would.
 */
public final class TestConsentStates implements ConsentStates {

  private final FleetClock clock;
  private final Map<String, PendingConsent> pending = new HashMap<>();
  private final Set<String> used = new HashSet<>();

  public TestConsentStates(FleetClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> remember(PendingConsent consent) {
    pending.put(consent.state(), consent);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<ConsentLookup> take(String state) {
    PendingConsent consent = pending.get(state);
    if (consent == null) {
      return Future.succeededFuture(ConsentLookup.of(ConsentLookup.Outcome.UNKNOWN));
    }
    if (!used.add(state)) {
      return Future.succeededFuture(new ConsentLookup(ConsentLookup.Outcome.REPLAYED, Optional.of(consent)));
    }
    if (!clock.now().isBefore(consent.expiresAt())) {
      return Future.succeededFuture(new ConsentLookup(ConsentLookup.Outcome.EXPIRED, Optional.of(consent)));
    }
    return Future.succeededFuture(ConsentLookup.found(consent));
  }

  /** Replaces the remembered consent of {@code state} (e.g. another verifier or redirect URI). */
  public synchronized void tamper(String state, UnaryOperator<PendingConsent> change) {
    pending.computeIfPresent(state, (s, consent) -> change.apply(consent));
  }

  public synchronized int size() {
    return pending.size();
  }
}
