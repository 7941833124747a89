package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.TokenResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded-mode token source: reads the account's record from the {@link TokenStore}, refreshes
 * when the access token is missing or within {@code refreshAhead} of expiry, and shares one
 * in-flight refresh among concurrent callers of the same account.
 *
 * <p>Refresh tokens are single-use (FACTS.md, "OAuth"): the rotated pair is written to the store
 * before the new access token is handed to anyone, so a crash after the refresh can never leave us
 * holding only a spent refresh token on disk.
 */
public final class RefreshingTokenSource implements TokenSource {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshingTokenSource.class);

  private final TokenStore store;
  private final Function<String, FleetApiClient> apiForAccount;
  private final FleetClock clock;
  private final Duration refreshAhead;
  private final Map<String, Future<TokenRecord>> inFlight = new HashMap<>();

  public RefreshingTokenSource(
      TokenStore store,
      Function<String, FleetApiClient> apiForAccount,
      FleetClock clock,
      Duration refreshAhead) {
    this.store = store;
    this.apiForAccount = apiForAccount;
    this.clock = clock;
    this.refreshAhead = refreshAhead;
  }

  @Override
  public Future<BearerToken> accessToken(String account) {
    return store.load(account).compose(found -> {
      TokenRecord record = found.orElse(null);
      if (record == null) {
        return Future.failedFuture(new IllegalStateException(
            "no tokens stored for account " + account + ": run 'token import' or log in"));
      }
      if (record.accessValidAt(clock.now(), refreshMargin(record))) {
        return Future.succeededFuture(new BearerToken(record.accessToken()));
      }
      return refreshOnce(record).map(r -> new BearerToken(r.accessToken()));
    });
  }

  @Override
  public Future<BearerToken> afterRejection(String account, BearerToken rejected) {
    return store.load(account).compose(found -> {
      TokenRecord record = found.orElse(null);
      if (record == null) {
        return Future.failedFuture(new IllegalStateException("no tokens stored for account " + account));
      }
      if (record.accessToken() != null && !record.accessToken().equals(rejected.value())
          && record.accessValidAt(clock.now(), Duration.ZERO)) {
        return Future.succeededFuture(new BearerToken(record.accessToken()));
      }
      return refreshOnce(record).map(r -> new BearerToken(r.accessToken()));
    });
  }

  /**
   * Refresh {@code refreshAhead} before expiry, but never earlier than half the token's lifetime:
   * a short-lived token would otherwise be refreshed on every call.
   */
  private Duration refreshMargin(TokenRecord record) {
    if (record.accessExpiresAt() == null || record.updatedAt() == null) {
      return refreshAhead;
    }
    Duration halfLife = Duration.between(record.updatedAt(), record.accessExpiresAt()).dividedBy(2);
    return halfLife.compareTo(refreshAhead) < 0 ? halfLife : refreshAhead;
  }

  private synchronized Future<TokenRecord> refreshOnce(TokenRecord current) {
    Future<TokenRecord> running = inFlight.get(current.account());
    if (running != null) {
      return running;
    }
    Future<TokenRecord> refresh = apiForAccount.apply(current.account()).refresh(current.refreshToken())
        .compose(response -> persist(current, response))
        .onComplete(done -> forget(current.account()));
    if (!refresh.isComplete()) {
      inFlight.put(current.account(), refresh);
    }
    return refresh;
  }

  private synchronized void forget(String account) {
    inFlight.remove(account);
  }

  private Future<TokenRecord> persist(TokenRecord current, TokenResponse response) {
    var now = clock.now();
    // Tesla may omit the refresh token on a refresh; then the old one stays valid.
    String refreshToken = response.refreshToken() != null ? response.refreshToken() : current.refreshToken();
    TokenRecord next = current.withRotation(
        response.accessToken(), refreshToken, AccessTokenExpiry.of(response, now), now);
    return store.compareAndSet(next, current.version())
        .onSuccess(saved -> LOG.info("refreshed tokens for account {} (version {})",
            saved.account(), saved.version()))
        .onFailure(err -> LOG.error("could not store the rotated tokens of account {}: {}",
            current.account(), err.getMessage()));
  }
}
