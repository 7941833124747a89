package io.fleetpoller.poll;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * The latest vehicle_data snapshot of each car, shared by the instances: whichever instance polled
 * a car last, any instance can show it. {@link InMemorySharedSnapshots} in embedded mode,
 * {@link RedisSharedSnapshots} ({@code vehicle:{vehicle}}) in distributed mode.
 */
public interface SharedSnapshots {

  /**
   * Keeps {@code snapshot} as its car's latest, unless the one already kept was taken later (two
   * instances may race, and the slower one must not put an older picture back). Succeeds either way.
   */
  Future<Void> put(StoredSnapshot snapshot);

  /** The latest snapshot of {@code vehicle}; empty when there is none or it cannot be read. */
  Future<Optional<StoredSnapshot>> get(String vehicle);
}
