package io.fleetpoller.auth;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.ConsentLookup.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryConsentStatesTest extends ConsentStatesContract {

  private final InMemoryConsentStates states = new InMemoryConsentStates(clock);

  @Override
  ConsentStates states() {
    return states;
  }

  @Test
  void anEntryIsForgottenADayAfterItsExpiry() {
    result(states.remember(consent("state-old", "acct-1")));

    clock.advance(LIFETIME.plus(Duration.ofHours(23)));
    assertThat(result(states.take("state-old")).outcome()).isEqualTo(Outcome.EXPIRED);

    clock.advance(Duration.ofHours(2));
    assertThat(result(states.take("state-old")).outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(states.size()).isZero();
  }

  @Test
  void aFullMapOfLiveConsentsRefusesNewOnesUntilSomeAreUsedOrExpire() {
    InMemoryConsentStates small = new InMemoryConsentStates(clock, 3);
    for (int i = 0; i < 3; i++) {
      result(small.remember(consent("state-" + i, "acct-" + i)));
    }

    assertThat(failure(small.remember(consent("state-3", "acct-3"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("too many consents pending (3)")
        .hasMessageContaining("acct-3");

    // A used entry makes room (it only served to tell REPLAYED from UNKNOWN).
    result(small.take("state-0"));
    result(small.remember(consent("state-3", "acct-3")));
    assertThat(small.size()).isEqualTo(3);
    assertThat(result(small.take("state-3")).outcome()).isEqualTo(Outcome.FOUND);

    // Expired entries make room too.
    clock.advance(LIFETIME);
    result(small.remember(new PendingConsent("state-4", "acct-4", "v", REDIRECT, clock.now().plus(LIFETIME))));
    assertThat(small.size()).isLessThanOrEqualTo(3);
    assertThat(result(small.take("state-4")).outcome()).isEqualTo(Outcome.FOUND);
  }

  @Test
  void theDefaultBoundIsTenThousand() {
    for (int i = 0; i < InMemoryConsentStates.MAX_ENTRIES; i++) {
      result(states.remember(consent("state-" + i, "acct")));
    }

    assertThat(failure(states.remember(consent("state-one-too-many", "acct"))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(states.size()).isEqualTo(InMemoryConsentStates.MAX_ENTRIES);
  }
}
