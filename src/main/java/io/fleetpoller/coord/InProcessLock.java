package io.fleetpoller.coord;

import io.fleetpoller.clock.FleetClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link DistributedLock} for embedded mode: one process, no Redis. Expiry follows the clock. */
public final class InProcessLock implements DistributedLock {

  private record Holder(String owner, java.time.Instant expiresAt) {}

  private final FleetClock clock;
  private final String owner;
  private final Map<String, Holder> holders = new HashMap<>();
  private long ownerSequence;

  public InProcessLock(FleetClock clock, String instanceId) {
    this.clock = clock;
    this.owner = instanceId;
  }

  @Override
  public synchronized Future<Optional<LockLease>> tryAcquire(String name, Duration ttl) {
    var now = clock.now();
    Holder current = holders.get(name);
    if (current != null && current.expiresAt().isAfter(now)) {
      return Future.succeededFuture(Optional.empty());
    }
    // Each acquisition gets its own owner id so a late release by an earlier holder is refused.
    String leaseOwner = owner + "#" + (++ownerSequence);
    var lease = new LockLease(name, leaseOwner, now.plus(ttl));
    holders.put(name, new Holder(leaseOwner, lease.expiresAt()));
    return Future.succeededFuture(Optional.of(lease));
  }

  @Override
  public synchronized Future<Boolean> release(LockLease lease) {
    Holder current = holders.get(lease.name());
    if (current == null || !current.owner().equals(lease.owner())) {
      return Future.succeededFuture(false);
    }
    holders.remove(lease.name());
    return Future.succeededFuture(current.expiresAt().isAfter(clock.now()));
  }

  @Override
  public synchronized Future<Boolean> extend(LockLease lease, Duration ttl) {
    Holder current = holders.get(lease.name());
    var now = clock.now();
    if (current == null || !current.owner().equals(lease.owner()) || !current.expiresAt().isAfter(now)) {
      return Future.succeededFuture(false);
    }
    holders.put(lease.name(), new Holder(lease.owner(), now.plus(ttl)));
    return Future.succeededFuture(true);
  }
}
