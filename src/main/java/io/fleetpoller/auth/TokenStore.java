package io.fleetpoller.auth;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where each account's tokens live between refreshes. Every write is a compare-and-set on the
 * record's version so two writers that both read version N cannot both store a rotation: Tesla's
 * refresh tokens are single use (FACTS.md "OAuth"), and the loser's refresh token is already spent,
 * so it must reload rather than overwrite.
 */
public interface TokenStore {

  /** The account's record, empty if it has none. */
  Future<Optional<TokenRecord>> load(String account);

  /** The accounts that have a record, sorted. */
  Future<List<String>> accounts();

  /**
   * Writes {@code next} only if the stored version equals {@code expectedVersion} (0 = no record
   * yet); the written record, returned, has version {@code expectedVersion + 1} whatever {@code
   * next.version()} says. Fails with {@link TokenStoreException.VersionConflict} otherwise. The
   * future completes once the write is durable.
   */
  Future<TokenRecord> compareAndSet(TokenRecord next, long expectedVersion);

  Future<Void> close();
}
