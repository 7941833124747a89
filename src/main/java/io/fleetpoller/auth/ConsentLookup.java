package io.fleetpoller.auth;

import java.util.Optional;

/** What taking a {@code state} back found: the pending consent, or why there is none to use. */
public record ConsentLookup(Outcome outcome, Optional<PendingConsent> consent) {

  public enum Outcome {
    /** Known, unexpired, not used before: this take used it up. */
    FOUND,
    /** Never issued here (or forgotten long ago). */
    UNKNOWN,
    /** Issued, but older than its 10 minutes. */
    EXPIRED,
    /** Issued and already used once: a replayed callback. */
    REPLAYED
  }

  public static ConsentLookup found(PendingConsent consent) {
    return new ConsentLookup(Outcome.FOUND, Optional.of(consent));
  }

  public static ConsentLookup of(Outcome outcome) {
    return new ConsentLookup(outcome, Optional.empty());
  }
}
