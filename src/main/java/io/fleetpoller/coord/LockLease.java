package io.fleetpoller.coord;

import java.time.Instant;

/**
 * Proof of holding a lock until {@code expiresAt}; {@code owner} is unique to this acquisition, so
 * a release after expiry cannot free a later holder's lock.
 */
public record LockLease(String name, String owner, Instant expiresAt) {}
