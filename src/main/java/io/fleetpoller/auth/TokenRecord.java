package io.fleetpoller.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One account's tokens as stored. {@code version} counts writes (1 for the first record) and is
 * what {@link TokenStore#compareAndSet} compares; {@code fence} is the fencing token of the lock
 * holder that wrote it, 0 unless the write was fenced.
 *
 * <p>{@link #toString()} shows account, version and expiry, never a token value.
 *
 * @param accessToken nullable: a freshly imported refresh token has no access token yet
 * @param accessExpiresAt nullable, set when {@code accessToken} is
 */
public record TokenRecord(
    String account,
    String refreshToken,
    String accessToken,
    Instant accessExpiresAt,
    long version,
    Instant updatedAt,
    long fence) {

  public TokenRecord {
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    if (refreshToken == null || refreshToken.isEmpty()) {
      throw new IllegalArgumentException("refreshToken must not be empty (account " + account + ")");
    }
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 0 || fence < 0) {
      throw new IllegalArgumentException("version and fence must not be negative (account " + account + ")");
    }
  }

  /** The first record of an account (version 1): a refresh token from a login or an import. */
  public static TokenRecord initial(String account, String refreshToken, Instant now) {
    return new TokenRecord(account, refreshToken, null, null, 1, now, 0);
  }

  /**
   * The record after a refresh: new tokens, {@code version + 1}, fence cleared (a fenced writer
   * sets it with {@link #withFence}). Tesla's refresh tokens are single use (FACTS.md "OAuth"), so
   * the new refresh token must be stored before the access token is used.
   */
  public TokenRecord withRotation(
      String accessToken, String refreshToken, Instant accessExpiresAt, Instant now) {
    return new TokenRecord(account, refreshToken, accessToken, accessExpiresAt, version + 1, now, 0);
  }

  /** The same record carrying the fencing token of the lock under which it is written. */
  public TokenRecord withFence(long fence) {
    return new TokenRecord(account, refreshToken, accessToken, accessExpiresAt, version, updatedAt, fence);
  }

  /** Whether the access token is still usable at {@code t} with {@code margin} to spare. */
  public boolean accessValidAt(Instant t, Duration margin) {
    return accessToken != null
        && accessExpiresAt != null
        && t.plus(margin).isBefore(accessExpiresAt);
  }

  @Override
  public String toString() {
    return "TokenRecord[account=" + account
        + ", version=" + version
        + ", accessToken=" + (accessToken == null ? "none" : "present")
        + ", accessExpiresAt=" + accessExpiresAt
        + ", updatedAt=" + updatedAt
        + ", fence=" + fence + "]";
  }
}
