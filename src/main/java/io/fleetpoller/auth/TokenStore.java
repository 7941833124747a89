package io.fleetpoller.auth;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where each account's tokens live between refreshes. Every write is a compare-and-set on the
 * record's version so two writers that both read version N cannot both store a rotation: Tesla's
 * refresh tokens are single use (FACTS.md "OAuth"), and the loser's refresh token is already spent,
 * so it must reload rather than overwrite. A write may also carry the fencing number of the refresh
 * lock it was made under, so a holder whose lock was taken over cannot overwrite its successor.
 *
 * <p>{@link FileTokenStore} serves embedded mode, {@link RedisTokenStore} instances sharing Redis.
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
   *
   * <p>Fencing: when {@code next.fence() > 0} and the stored record's fence is greater, the write is
   * refused with {@link TokenStoreException.StaleFence} (checked before the version: a writer whose
   * lock was taken over learns that, whatever version it read). The fence stored, and returned, is
   * the larger of the stored one and {@code next.fence()}, so an unfenced write (fence 0, an import
   * or a login) never lowers it.
   *
   * <p>A failure with reason {@code IO} (store unreachable, timed out) does not say whether the write
   * happened: reload before deciding anything that depends on it.
   */
  Future<TokenRecord> compareAndSet(TokenRecord next, long expectedVersion);

  Future<Void> close();
}
