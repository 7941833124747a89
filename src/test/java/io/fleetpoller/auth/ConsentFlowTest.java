package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetpoller.auth.ConsentException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The code flow against the simulator's OAuth server, without HTTP in front of it. */
class ConsentFlowTest {

  static final String REDIRECT = "http://127.0.0.1:9/auth/callback";

  @TempDir Path dir;
  Vertx vertx;
  ConsentHarness h;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    vertx.close().await();
  }

  private ConsentHarness harness() {
    h = ConsentHarness.start(vertx, REDIRECT, dir);
    return h;
  }

  private AuthorizationResponse consent(AuthorizationRequest request) {
    return AuthorizationResponse.fromRedirect(h.consentAt(request.url()));
  }

  private static ConsentException failure(Future<?> future) {
    return catchThrowableOfType(ConsentException.class, future::await);
  }

  @Test
  void aCompletedConsentStoresAWorkingTokenAndTellsTheListener() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    assertThat(request.url()).startsWith(h.sim.authorizeUrl() + "?").contains("code_challenge_method=S256");

    ConsentResult result = h.flow.complete(consent(request)).await();

    assertThat(result).isEqualTo(new ConsentResult("home", ConsentHarness.ASKED, List.of(), 1));
    assertThat(h.vehiclesOf("home")).isNotEmpty();
    assertThat(h.consented).containsExactly("home");
    TokenRecord stored = h.store.load("home").await().orElseThrow();
    assertThat(stored.accessExpiresAt()).isEqualTo(ConsentHarness.START.plus(Duration.ofHours(8)));
    assertThat(stored.refreshToken()).startsWith("NA_");
  }

  @Test
  void aSecondConsentReplacesTheAccountsRecordAtItsCurrentVersion() {
    harness();
    h.flow.complete(consent(h.flow.begin("home").await())).await();
    String firstRefresh = h.store.load("home").await().orElseThrow().refreshToken();

    ConsentResult again = h.flow.complete(consent(h.flow.begin("home").await())).await();

    assertThat(again.version()).isEqualTo(2);
    assertThat(h.store.load("home").await().orElseThrow().refreshToken()).isNotEqualTo(firstRefresh);
    assertThat(h.vehiclesOf("home")).isNotEmpty();
  }

  @Test
  void aConcurrentWriteIsRetriedOnceFromTheReloadedVersion() {
    harness();
    AtomicBoolean raced = new AtomicBoolean();
    // Another writer stores version 1 between our load and our compare-and-set.
    TokenStore racing = new TokenStore() {
      @Override public Future<Optional<TokenRecord>> load(String account) {
        return h.store.load(account);
      }
      @Override public Future<List<String>> accounts() {
        return h.store.accounts();
      }
      @Override public Future<TokenRecord> compareAndSet(TokenRecord next, long expectedVersion) {
        if (raced.compareAndSet(false, true)) {
          return h.store.compareAndSet(TokenRecord.initial(next.account(), "NA_other", h.clock.now()), 0)
              .compose(other -> h.store.compareAndSet(next, expectedVersion));
        }
        return h.store.compareAndSet(next, expectedVersion);
      }
      @Override public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
    ConsentFlow flow = new ConsentFlow(h.tesla, h.api, racing, h.states, h.clock, a -> io.vertx.core.Future.succeededFuture());

    ConsentResult result = flow.complete(consent(flow.begin("home").await())).await();

    assertThat(result.version()).isEqualTo(2);
    assertThat(h.vehiclesOf("home")).isNotEmpty();
  }

  @Test
  void theConsentCompletesOnlyOnceTheListenerHasClearedTheMarkAndStandsIfItFails() {
    harness();
    io.vertx.core.Promise<Void> clearing = io.vertx.core.Promise.promise();
    ConsentFlow waiting = new ConsentFlow(h.tesla, h.api, h.store, h.states, h.clock, a -> clearing.future());

    Future<ConsentResult> done = waiting.complete(consent(waiting.begin("home").await()));
    io.fleetpoller.testing.Await.until(() -> h.store.load("home").await().isPresent(), java.time.Duration.ofSeconds(5));
    assertThat(done.isComplete()).as("complete before the mark is cleared").isFalse();
    clearing.complete();
    assertThat(done.await().account()).isEqualTo("home");

    ConsentFlow failing = new ConsentFlow(h.tesla, h.api, h.store, h.states, h.clock,
        a -> Future.failedFuture(new IllegalStateException("redis down")));
    assertThat(failing.complete(consent(failing.begin("home").await())).await().version()).isEqualTo(2);
  }

  @Test
  void scopesTheSimulatorDidNotGrantAreReportedMissing() {
    h = ConsentHarness.start(vertx, REDIRECT, List.of("openid", "offline_access", "vehicle_device_data"), dir);

    ConsentResult result = h.flow.complete(consent(h.flow.begin("home").await())).await();

    assertThat(result.grantedScopes()).containsExactly("openid", "offline_access", "vehicle_device_data");
    assertThat(result.missingScopes()).containsExactly("vehicle_location");
    assertThat(ConsentResult.costOf("vehicle_location")).contains("no location data");
  }

  @Test
  void aReplayedCallbackFailsAndChangesNothing() {
    harness();
    AuthorizationResponse answer = consent(h.flow.begin("home").await());
    h.flow.complete(answer).await();

    ConsentException replay = failure(h.flow.complete(answer));

    assertThat(replay.reason()).isEqualTo(Reason.STATE_REPLAYED);
    assertThat(replay.getMessage()).contains("already used").contains("/auth/login?account=home");
    assertThat(h.store.load("home").await().orElseThrow().version()).isEqualTo(1);
    assertThat(h.consented).containsExactly("home");
  }

  @Test
  void anUnknownOrMissingStateIsRefusedBeforeAnyExchange() {
    harness();
    AuthorizationResponse real = consent(h.flow.begin("home").await());
    AuthorizationResponse forged = new AuthorizationResponse(real.code(), Optional.of("forged"), Optional.empty(),
        Optional.empty());
    AuthorizationResponse stateless = new AuthorizationResponse(real.code(), Optional.empty(), Optional.empty(),
        Optional.empty());

    assertThat(failure(h.flow.complete(forged)).reason()).isEqualTo(Reason.STATE_UNKNOWN);
    assertThat(failure(h.flow.complete(stateless)).reason()).isEqualTo(Reason.STATE_MISSING);
    assertThat(h.store.accounts().await()).isEmpty();
    // The code was not spent: the genuine answer still works.
    assertThat(h.flow.complete(real).await().version()).isEqualTo(1);
  }

  @Test
  void aConsentOlderThanTenMinutesHasExpired() {
    harness();
    AuthorizationResponse answer = consent(h.flow.begin("home").await());
    h.clock.advance(Duration.ofMinutes(11));

    ConsentException late = failure(h.flow.complete(answer));

    assertThat(late.reason()).isEqualTo(Reason.STATE_EXPIRED);
    assertThat(late.account()).contains("home");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aVerifierThatDoesNotMatchTheChallengeFailsTheExchange() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    h.states.tamper(request.state(), c -> new PendingConsent(c.state(), c.account(), Pkce.generate().verifier(),
        c.redirectUri(), c.expiresAt()));

    ConsentException refused = failure(h.flow.complete(consent(request)));

    assertThat(refused.reason()).isEqualTo(Reason.CODE_EXCHANGE_FAILED);
    assertThat(refused.teslaError()).contains("invalid_grant");
    assertThat(h.store.accounts().await()).isEmpty();
    assertThat(h.consented).isEmpty();
  }

  @Test
  void aRedirectUriOtherThanTheAuthorizeOneIsRefusedByTheTokenEndpoint() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    h.states.tamper(request.state(), c -> new PendingConsent(c.state(), c.account(), c.codeVerifier(),
        REDIRECT + "/", c.expiresAt()));

    ConsentException refused = failure(h.flow.complete(consent(request)));

    assertThat(refused.reason()).isEqualTo(Reason.CODE_EXCHANGE_FAILED);
    assertThat(refused.teslaError()).contains("invalid_redirect_url");
    assertThat(refused.getMessage()).contains("tesla.redirectUri must equal the one registered for the app, byte for byte");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aDeniedAuthorizationFailsWithTeslasErrorAndUsesTheStateUp() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    AuthorizationResponse denied = new AuthorizationResponse(Optional.empty(), Optional.of(request.state()),
        Optional.of("access_denied"), Optional.of("The user denied the request"));

    ConsentException failure = failure(h.flow.complete(denied));

    assertThat(failure.reason()).isEqualTo(Reason.AUTHORIZATION_DENIED);
    assertThat(failure.teslaError()).contains("access_denied");
    assertThat(failure.getMessage()).contains("access_denied").contains("The user denied the request");
    assertThat(failure(h.flow.complete(consent(request))).reason()).isEqualTo(Reason.STATE_REPLAYED);
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aCallbackWithoutCodeOrErrorIsCodeMissing() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    AuthorizationResponse empty = new AuthorizationResponse(Optional.empty(), Optional.of(request.state()),
        Optional.empty(), Optional.empty());

    assertThat(failure(h.flow.complete(empty)).reason()).isEqualTo(Reason.CODE_MISSING);
  }

  @Test
  void anAlreadyExchangedCodeSaysToStartAgain() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    AuthorizationResponse answer = consent(request);
    // Someone else redeems the code first (same verifier and redirect: only the single use differs).
    h.api.exchangeCode(answer.code().orElseThrow(), request.pkce().verifier(), REDIRECT, h.sim.baseUrl()).await();

    ConsentException spent = failure(h.flow.complete(answer));

    assertThat(spent.teslaError()).contains("invalid_auth_code");
    assertThat(spent.getMessage()).isEqualTo("the code expired or was used: start again at /auth/login?account=home");
  }

  @Test
  void noMessageOrToStringCarriesACodeStateOrVerifier() {
    harness();
    AuthorizationRequest request = h.flow.begin("home").await();
    AuthorizationResponse answer = consent(request);
    h.states.tamper(request.state(), c -> new PendingConsent(c.state(), c.account(), "x".repeat(43),
        c.redirectUri(), c.expiresAt()));
    ConsentException refused = failure(h.flow.complete(answer));
    ConsentException replayed = failure(h.flow.complete(answer));

    for (String text : List.of(refused.getMessage(), replayed.getMessage(), refused.toString(), answer.toString(),
        request.toString())) {
      assertThat(text).doesNotContain(answer.code().orElseThrow(), request.state(), request.pkce().verifier(),
          "x".repeat(43));
    }
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"with space", "a/b", "<script>", "é", "x123456789x123456789x123456789x123456789x123456789x123456789x1234"})
  void beginRefusesAnAccountIdOutsideTheAllowedShape(String account) {
    harness();
    ConsentException bad = failure(h.flow.begin(account));
    assertThat(bad.reason()).isEqualTo(Reason.BAD_ACCOUNT);
    assertThat(h.states.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"home", "a", "acct-1", "my.car_2", "x123456789x123456789x123456789x123456789x123456789x123456789x123"})
  void beginAcceptsLettersDigitsDotsUnderscoresAndDashes(String account) {
    harness();
    assertThat(h.flow.begin(account).await().account()).isEqualTo(account);
    assertThat(h.states.size()).isEqualTo(1);
  }
}
