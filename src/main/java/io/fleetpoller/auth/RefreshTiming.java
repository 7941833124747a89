package io.fleetpoller.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * When an access token is refreshed: {@code refreshAhead} before it expires, but never earlier than
 * half its lifetime (a short-lived token would otherwise be refreshed on every call), and a little
 * earlier still by a jitter that differs per instance, so instances sharing an account do not all
 * reach for the lock at the same instant. Pure.
 */
public final class RefreshTiming {

  /** The jitter is at most this share of the refresh margin. */
  static final double MAX_JITTER_SHARE = 0.2;

  private final Duration refreshAhead;
  private final String instanceId;

  public RefreshTiming(Duration refreshAhead, String instanceId) {
    this.refreshAhead = refreshAhead;
    this.instanceId = instanceId;
  }

  /** The instant from which {@code record}'s access token should be replaced; null = now (no token). */
  public Instant refreshAt(TokenRecord record) {
    if (record.accessToken() == null || record.accessExpiresAt() == null) {
      return null;
    }
    Duration lifetime = Duration.between(record.updatedAt(), record.accessExpiresAt());
    Duration margin = lifetime.isNegative() ? Duration.ZERO : min(refreshAhead, lifetime.dividedBy(2));
    // Stable for one token version on one instance, different across instances and versions.
    long seed = (instanceId + "|" + record.account() + "|" + record.version()).hashCode() & 0x7fffffffL;
    double share = (seed % 10_000) / 10_000.0 * MAX_JITTER_SHARE;
    Duration jitter = Duration.ofMillis((long) (margin.toMillis() * share));
    return record.accessExpiresAt().minus(margin).minus(jitter);
  }

  /** Whether {@code record}'s access token can be handed out at {@code now} without refreshing. */
  public boolean usable(TokenRecord record, Instant now) {
    Instant at = refreshAt(record);
    return at != null && now.isBefore(at);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
