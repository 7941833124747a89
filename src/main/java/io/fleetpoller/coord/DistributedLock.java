package io.fleetpoller.coord;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * A named lock with a time-to-live, so a holder that dies releases it by expiry.
 *
 * <p>The Redis implementation ({@code SET name owner NX PX ttl}, owner-checked release) spans
 * instances; {@link InProcessLock} serves embedded single-instance mode. Callers never assume they
 * still hold a lock after its TTL: writes that must not overlap carry a {@link FenceCounter} number.
 */
public interface DistributedLock {

  /** Takes {@code name} for {@code ttl} if nobody holds it; empty when somebody does. */
  Future<Optional<LockLease>> tryAcquire(String name, Duration ttl);

  /** Releases the lease if it is still ours; {@code false} when it had expired or been taken over. */
  Future<Boolean> release(LockLease lease);

  /**
   * Keeps the lease for {@code ttl} from now if it is still ours; {@code false} when it had expired
   * or been taken over (then it is not ours to keep).
   */
  Future<Boolean> extend(LockLease lease, Duration ttl);
}
