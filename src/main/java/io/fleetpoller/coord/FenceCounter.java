package io.fleetpoller.coord;

import io.vertx.core.Future;

/**
 * Fencing numbers (Redis {@code INCR fence:{key}}): each call returns a number larger than every
 * earlier one for the same key, so a store can refuse a write carrying an older number than one it
 * has already accepted — the guard against a lock holder that paused past its lease.
 */
public interface FenceCounter {
  Future<Long> next(String key);
}
