package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ConsentStates} for embedded mode: one process, a map in memory, expiry judged with the
 * {@link FleetClock}.
 *
 * <p>Memory is bounded: at most {@link #MAX_ENTRIES} entries are held. An entry is answered for
 * until a day past its expiry (so a late callback is told {@code EXPIRED} or {@code REPLAYED}
 * rather than {@code UNKNOWN}) and is forgotten after that. When the map is full, used and expired
 * entries are dropped to make room; if it is still full of live pending consents,
 * {@link #remember} fails with {@link IllegalStateException} rather than grow (a flood of login
 * requests must not exhaust memory).
 */
public final class InMemoryConsentStates implements ConsentStates {

  /** How many entries are kept at most. */
  public static final int MAX_ENTRIES = 10_000;
  /** How long past its expiry an entry is remembered, to tell EXPIRED or REPLAYED from UNKNOWN. */
  static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  private static final class Entry {
    final PendingConsent consent;
    boolean used;

    Entry(PendingConsent consent) {
      this.consent = consent;
    }
  }

  private final FleetClock clock;
  private final int maxEntries;
  private final Map<String, Entry> entries = new HashMap<>();

  public InMemoryConsentStates(FleetClock clock) {
    this(clock, MAX_ENTRIES);
  }

  InMemoryConsentStates(FleetClock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized Future<Void> remember(PendingConsent consent) {
    Objects.requireNonNull(consent, "consent");
    Instant now = clock.now();
    if (entries.containsKey(consent.state()) && !forgotten(entries.get(consent.state()), now)) {
      return Future.failedFuture(new IllegalStateException(
          "consent state for account " + consent.account() + " was already issued; states are single use"));
    }
    if (entries.size() >= maxEntries) {
      // Only when full, so remembering stays O(1): drop what only tells REPLAYED/EXPIRED apart.
      entries.values().removeIf(entry -> entry.used || !entry.consent.expiresAt().isAfter(now));
    }
    if (entries.size() >= maxEntries) {
      return Future.failedFuture(new IllegalStateException(
          "too many consents pending (" + entries.size() + "); refusing a new one for account "
              + consent.account() + " until some are used or expire"));
    }
    entries.put(consent.state(), new Entry(consent));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<ConsentLookup> take(String state) {
    Objects.requireNonNull(state, "state");
    Instant now = clock.now();
    Entry entry = entries.get(state);
    if (entry != null && forgotten(entry, now)) {
      entries.remove(state);
      entry = null;
    }
    if (entry == null) {
      return Future.succeededFuture(ConsentLookup.of(ConsentLookup.Outcome.UNKNOWN));
    }
    if (entry.used) {
      return Future.succeededFuture(ConsentLookup.of(ConsentLookup.Outcome.REPLAYED));
    }
    if (!entry.consent.expiresAt().isAfter(now)) {
      return Future.succeededFuture(ConsentLookup.of(ConsentLookup.Outcome.EXPIRED));
    }
    entry.used = true;
    return Future.succeededFuture(ConsentLookup.found(entry.consent));
  }

  /** Entries held now, for tests of the bound. */
  synchronized int size() {
    return entries.size();
  }

  private static boolean forgotten(Entry entry, Instant now) {
    return entry.consent.expiresAt().plus(KEPT_AFTER_EXPIRY).isBefore(now);
  }

  @Override
  public String toString() {
    return "InMemoryConsentStates[max=" + maxEntries + "]";
  }
}
