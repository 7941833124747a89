package io.fleetpoller.coord;

import java.time.Instant;

/**
 * Proof of holding a lock until {@code expiresAt}. {@code fence} grows with every acquisition of the
 * same name, so a write made under a lease can be refused once a newer holder has written.
 */
public record LockLease(String name, String owner, long fence, Instant expiresAt) {}
