package io.fleetpoller.auth;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Token health per stored account, read from the {@link TokenStore} and the claims of each stored
 * access token (scopes, region, expiry); the state and its reason come from whoever watches the
 * refreshes (the token manager), ACTIVE when nobody says otherwise. Never shows a token value.
 */
public final class StoredAccountStatusView implements AccountStatusView {

  /** Where an account stands, as the token manager knows it. */
  @FunctionalInterface
  public interface AccountHealth {
    AccountState state(String account);

    /** Why the account is not ACTIVE, e.g. "login_required at 2025-01-01T00:00:00Z". */
    default Optional<String> reason(String account) {
      return Optional.empty();
    }

    static AccountHealth allActive() {
      return account -> AccountState.ACTIVE;
    }
  }

  private final TokenStore store;
  private final AccountHealth health;

  public StoredAccountStatusView(TokenStore store) {
    this(store, AccountHealth.allActive());
  }

  public StoredAccountStatusView(TokenStore store, AccountHealth health) {
    this.store = Objects.requireNonNull(store, "store");
    this.health = Objects.requireNonNull(health, "health");
  }

  /** Every stored account, sorted by id; fails if a record cannot be read (e.g. wrong key). */
  @Override
  public Future<List<AccountStatus>> accounts() {
    return store.accounts().compose(ids -> {
      List<Future<Optional<TokenRecord>>> loads = new ArrayList<>();
      for (String id : ids) {
        loads.add(store.load(id));
      }
      return Future.all(loads).map(all -> {
        List<AccountStatus> out = new ArrayList<>();
        for (Future<Optional<TokenRecord>> load : loads) {
          // An account removed between the listing and the load is simply not shown.
          load.result().ifPresent(record -> out.add(statusOf(record)));
        }
        return List.copyOf(out);
      });
    });
  }

  AccountStatus statusOf(TokenRecord record) {
    Optional<AccessTokenClaims> claims = AccessTokenClaims.parse(record.accessToken());
    Optional<java.time.Instant> expiresAt = record.accessExpiresAt() != null
        ? Optional.of(record.accessExpiresAt())
        : claims.flatMap(AccessTokenClaims::expiresAt);
    return new AccountStatus(
        record.account(),
        Objects.requireNonNullElse(health.state(record.account()), AccountState.ACTIVE),
        Objects.requireNonNullElse(health.reason(record.account()), Optional.empty()),
        expiresAt,
        claims.map(AccessTokenClaims::scopes).orElse(List.of()),
        claims.flatMap(AccessTokenClaims::region),
        record.updatedAt(),
        record.version());
  }
}
