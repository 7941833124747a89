package io.fleetpoller.auth;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.ConsentLookup.Outcome;
import io.fleetpoller.clock.ManualClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ConsentStates} must do; subclasses say which one, on {@link #clock}. */
abstract class ConsentStatesContract {

  static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final String REDIRECT = "http://localhost:8080/auth/callback";

  final ManualClock clock = new ManualClock(T0);

  /** The implementation under test, reading time from {@link #clock}. */
  abstract ConsentStates states();

  static PendingConsent consent(String state, String account) {
    return new PendingConsent(state, account, "verifier-" + state + "-Zx81kq0", REDIRECT, T0.plus(LIFETIME));
  }

  @Test
  void aConsentIsFoundOnceAndThenReplayed() {
    PendingConsent consent = consent("state-AAAA1111", "acct-1");
    result(states().remember(consent));

    ConsentLookup first = result(states().take("state-AAAA1111"));
    ConsentLookup second = result(states().take("state-AAAA1111"));

    assertThat(first.outcome()).isEqualTo(Outcome.FOUND);
    assertThat(first.consent()).contains(consent);
    assertThat(second.outcome()).isEqualTo(Outcome.REPLAYED);
    assertThat(second.consent()).isEmpty();
  }

  @Test
  void aStateNeverIssuedIsUnknown() {
    result(states().remember(consent("state-AAAA1111", "acct-1")));

    ConsentLookup lookup = result(states().take("state-never-issued"));

    assertThat(lookup.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(lookup.consent()).isEmpty();
  }

  @Test
  void aConsentTakenAfterItsExpiryIsExpiredAndJustBeforeIsFound() {
    result(states().remember(consent("state-late", "acct-1")));
    result(states().remember(consent("state-in-time", "acct-2")));

    clock.advance(LIFETIME.minusSeconds(1));
    assertThat(result(states().take("state-in-time")).outcome()).isEqualTo(Outcome.FOUND);

    clock.advance(Duration.ofSeconds(1));
    ConsentLookup late = result(states().take("state-late"));
    assertThat(late.outcome()).isEqualTo(Outcome.EXPIRED);
    assertThat(late.consent()).isEmpty();
    assertThat(result(states().take("state-late")).outcome()).isEqualTo(Outcome.EXPIRED);
  }

  @Test
  void concurrentTakesOfOneStateHaveExactlyOneFound() {
    result(states().remember(consent("state-race", "acct-1")));

    List<Future<ConsentLookup>> takes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      takes.add(states().take("state-race"));
    }
    result(Future.all(takes));

    assertThat(takes.stream().map(f -> f.result().outcome()))
        .containsOnlyOnce(Outcome.FOUND)
        .containsOnly(Outcome.FOUND, Outcome.REPLAYED);
  }

  @Test
  void aStateCannotBeIssuedTwice() {
    result(states().remember(consent("state-dup", "acct-1")));

    assertThat(failure(states().remember(consent("state-dup", "acct-evil"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already issued")
        .message().doesNotContain("state-dup", "verifier-");
    assertThat(result(states().take("state-dup")).consent()).map(PendingConsent::account).contains("acct-1");
  }

  @Test
  void statesOfDifferentAccountsAreIndependent() {
    result(states().remember(consent("state-one", "acct-1")));
    result(states().remember(consent("state-two", "acct-2")));

    assertThat(result(states().take("state-two")).consent()).map(PendingConsent::account).contains("acct-2");
    assertThat(result(states().take("state-one")).consent()).map(PendingConsent::account).contains("acct-1");
  }
}
