package io.fleetpoller.auth;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.auth.ConsentException.Reason;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.TokenResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth Authorization Code flow, with no HTTP types: {@link #begin} makes the authorize URL
 * (state + PKCE S256) and remembers the pending consent; {@link #complete} takes the redirect's
 * answer, exchanges the code server-side and stores the account's tokens. The daemon's
 * {@code /auth/login} and {@code /auth/callback} and the {@code token login} command both drive it.
 *
 * <p>Order in {@link #complete} matters: the state is taken (used up) before anything else is
 * looked at, so a callback is good for one try whatever it carries, and nothing is stored unless
 * the state was found.
 */
public final class ConsentFlow {

  /** How long a begun consent waits for its callback. */
  public static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(ConsentFlow.class);
  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** Tesla's error_description comes back through the browser: bounded before we show it. */
  private static final int MAX_DESCRIPTION = 200;

  private final FleetConfig.Tesla tesla;
  private final FleetApiClient api;
  private final TokenStore store;
  private final ConsentStates states;
  private final FleetClock clock;
  private final Function<String, Future<Void>> onConsented;

  /**
   * @param api a client for {@code tesla.tokenUrl} with {@code tesla.clientId} and
   *     {@code tesla.clientSecret} (the daemon's shared client will do)
   * @param onConsented told the account id once its new tokens are stored (clear the shared
   *     needs-consent mark, publish a {@code fleet.token} event); the consent completes after it, so
   *     no instance still sees the account as needing consent; a failure there is logged, the
   *     consent stands
   */
  public ConsentFlow(FleetConfig.Tesla tesla, FleetApiClient api, TokenStore store, ConsentStates states,
      FleetClock clock, Function<String, Future<Void>> onConsented) {
    this.tesla = Objects.requireNonNull(tesla, "tesla");
    this.api = Objects.requireNonNull(api, "api");
    this.store = Objects.requireNonNull(store, "store");
    this.states = Objects.requireNonNull(states, "states");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onConsented = Objects.requireNonNull(onConsented, "onConsented");
  }

  /** Whether {@code account} is a usable account id: 1-64 letters, digits, '.', '_' or '-'. */
  public static boolean isValidAccount(String account) {
    return account != null && ACCOUNT.matcher(account).matches();
  }

  /**
   * A new authorize request for {@code account}, remembered for {@link #CONSENT_LIFETIME}. Fails
   * with {@link ConsentException} (BAD_ACCOUNT, STATE_STORE_FAILED), or with the config's
   * exception when {@code tesla.clientId} is not set.
   */
  public Future<AuthorizationRequest> begin(String account) {
    if (!isValidAccount(account)) {
      return Future.failedFuture(new ConsentException(Reason.BAD_ACCOUNT, null, null,
          "the account id must be 1-64 letters, digits, '.', '_' or '-', e.g. /auth/login?account=home"));
    }
    AuthorizationRequest request;
    try {
      request = AuthorizationRequest.create(account, tesla.authorizeUrl(), tesla.requireClientId(),
          tesla.redirectUri(), tesla.scopes());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Instant expiresAt = clock.now().plus(CONSENT_LIFETIME);
    return states.remember(PendingConsent.of(request, expiresAt))
        .recover(err -> Future.failedFuture(new ConsentException(Reason.STATE_STORE_FAILED, account, null,
            "could not remember the login (" + err.getClass().getSimpleName()
                + "): check the consent store, then try again")))
        .map(request);
  }

  /**
   * Finishes a consent from what the browser was redirected to. Fails with a {@link
   * ConsentException}; succeeds once the tokens are stored and {@code onConsented} was told.
   */
  public Future<ConsentResult> complete(AuthorizationResponse response) {
    Objects.requireNonNull(response, "response");
    if (response.state().isEmpty()) {
      return fail(Reason.STATE_MISSING, null, null,
          "the callback carries no state, so it cannot be matched to a login: start again at /auth/login?account=ID");
    }
    return states.take(response.state().get())
        .recover(err -> Future.failedFuture(new ConsentException(Reason.STATE_STORE_FAILED, null, null,
            // Not the store's message: a key there could carry the state.
            "could not look up the login (" + err.getClass().getSimpleName()
                + "): check the consent store, then start again")))
        .compose(lookup -> {
          Optional<String> account = lookup.consent().map(PendingConsent::account);
          switch (lookup.outcome()) {
            case UNKNOWN:
              return fail(Reason.STATE_UNKNOWN, null, null,
                  "this login was not started here, or was forgotten (e.g. a restart without Redis):"
                      + " start again at /auth/login?account=ID");
            case EXPIRED:
              return fail(Reason.STATE_EXPIRED, account.orElse(null), null,
                  "the login took longer than " + CONSENT_LIFETIME.toMinutes() + " minutes: start again at "
                      + loginPath(account));
            case REPLAYED:
              return fail(Reason.STATE_REPLAYED, account.orElse(null), null,
                  "this callback was already used (each login answer works once): start again at "
                      + loginPath(account) + " if the account is not logged in");
            case FOUND:
            default:
              return redeem(lookup.consent().orElseThrow(), response);
          }
        });
  }

  private Future<ConsentResult> redeem(PendingConsent consent, AuthorizationResponse response) {
    String account = consent.account();
    if (response.error().isPresent()) {
      String error = response.error().get();
      String description = response.errorDescription().map(ConsentFlow::bounded).map(d -> " (" + d + ")").orElse("");
      return fail(Reason.AUTHORIZATION_DENIED, account, error,
          "Tesla did not authorize: " + bounded(error) + description
              + ". To grant access, start again at " + loginPath(Optional.of(account))
              + " and approve the requested scopes");
    }
    if (response.code().isEmpty()) {
      return fail(Reason.CODE_MISSING, account, null,
          "the callback carries neither a code nor an error: start again at " + loginPath(Optional.of(account)));
    }
    Future<TokenResponse> granted;
    try {
      granted = api.exchangeCode(response.code().get(), consent.codeVerifier(), consent.redirectUri(),
          tesla.apiBaseUrl());
    } catch (RuntimeException e) {
      granted = Future.failedFuture(e);
    }
    return granted
        .recover(err -> Future.failedFuture(exchangeFailure(account, err)))
        .compose(tokens -> {
          if (tokens.refreshToken() == null || tokens.refreshToken().isEmpty()) {
            // Tesla gives a refresh token only for offline_access (FACTS.md, "OAuth").
            return fail(Reason.CODE_EXCHANGE_FAILED, account, null,
                "Tesla granted no refresh token: tesla.scopes must include offline_access and the owner must"
                    + " approve it; start again at " + loginPath(Optional.of(account)));
          }
          return save(account, tokens, true).map(saved -> result(saved, tokens));
        })
        .compose(result -> {
          LOG.info("consent stored for account {} (version {}, granted {}, missing {})",
              v("account", result.account()), result.version(), result.grantedScopes(), result.missingScopes());
          Future<Void> told;
          try {
            told = onConsented.apply(result.account());
          } catch (RuntimeException e) {
            told = Future.failedFuture(e);
          }
          return told.otherwise(err -> {
            LOG.warn("after the consent of account {}: {}", v("account", result.account()), err.getMessage());
            return null;
          }).map(result);
        })
        .onFailure(err -> LOG.warn("consent of account {} failed: {}", v("account", account), err.getMessage()));
  }

  /** A new record, or the account's record replaced at its current version; one retry on a race. */
  private Future<TokenRecord> save(String account, TokenResponse tokens, boolean mayRetry) {
    return store.load(account)
        .compose(current -> {
          long version = current.map(TokenRecord::version).orElse(0L);
          Instant now = clock.now();
          TokenRecord next = new TokenRecord(account, tokens.refreshToken(), tokens.accessToken(),
              AccessTokenExpiry.of(tokens, now), version + 1, now, 0);
          return store.compareAndSet(next, version);
        })
        .recover(err -> {
          if (mayRetry && err instanceof TokenStoreException.VersionConflict) {
            // A refresh of the old tokens landed meanwhile: our fresh consent still wins.
            return save(account, tokens, false);
          }
          if (err instanceof ConsentException) {
            return Future.failedFuture(err);
          }
          return Future.failedFuture(new ConsentException(Reason.STORE_FAILED, account, null,
              "Tesla granted the tokens but they could not be stored (" + err.getMessage()
                  + "): fix the token store, then start again at " + loginPath(Optional.of(account))));
        });
  }

  private ConsentResult result(TokenRecord saved, TokenResponse tokens) {
    List<String> granted = !tokens.scopes().isEmpty() ? tokens.scopes()
        : AccessTokenClaims.parse(tokens.accessToken()).map(AccessTokenClaims::scopes).orElse(List.of());
    List<String> missing = new ArrayList<>();
    if (!granted.isEmpty()) {
      for (String asked : tesla.scopes()) {
        if (!granted.contains(asked)) {
          missing.add(asked);
        }
      }
    }
    return new ConsentResult(saved.account(), granted, missing, saved.version());
  }

  private ConsentException exchangeFailure(String account, Throwable err) {
    String again = "start again at " + loginPath(Optional.of(account));
    if (!(err instanceof FleetApiException)) {
      // Missing tesla.clientId / tesla.clientSecret: the client names the key.
      return new ConsentException(Reason.CODE_EXCHANGE_FAILED, account, null,
          "the code could not be exchanged: " + err.getMessage());
    }
    FleetApiException e = (FleetApiException) err;
    if (e.isTransportFailure()) {
      return new ConsentException(Reason.CODE_EXCHANGE_FAILED, account, null,
          "the token endpoint could not be reached (" + e.getMessage() + "): check tesla.tokenUrl and the"
              + " network, then " + again);
    }
    String error = e.error() == null ? "" : e.error();
    String message = switch (error) {
      case "invalid_redirect_url" ->
          "the token endpoint refused the redirect URI: tesla.redirectUri must equal the one registered for"
              + " the app, byte for byte; fix it, then " + again;
      case "invalid_auth_code" -> "the code expired or was used: " + again;
      case "invalid_grant" ->
          "the token endpoint refused the PKCE verifier (invalid_grant): the answer does not belong to this"
              + " login; " + again;
      case "invalid_client", "unauthorized_client" ->
          "the token endpoint refused the client (" + error + "): check tesla.clientId and tesla.clientSecret";
      default -> "the token endpoint refused the code (HTTP " + e.status()
          + (error.isEmpty() ? "" : " " + bounded(error))
          + (e.errorDescription() == null || e.errorDescription().isEmpty() ? "" : ": " + bounded(e.errorDescription()))
          + "): " + again;
    };
    return new ConsentException(Reason.CODE_EXCHANGE_FAILED, account, e.error(), message);
  }

  private static String loginPath(Optional<String> account) {
    return "/auth/login?account=" + account.orElse("ID");
  }

  private static String bounded(String text) {
    return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION) + "...";
  }

  private static <T> Future<T> fail(Reason reason, String account, String teslaError, String message) {
    return Future.failedFuture(new ConsentException(reason, account, teslaError, message));
  }
}
