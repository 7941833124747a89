package io.fleetpoller.poll;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SharedSnapshots} of embedded mode: a map in memory, safe from any thread, lost on restart. */
public final class InMemorySharedSnapshots implements SharedSnapshots {

  private final Map<String, StoredSnapshot> latest = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(StoredSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    latest.merge(snapshot.vehicle(), snapshot,
        (kept, offered) -> offered.at().isBefore(kept.at()) ? kept : offered);
    return Future.succeededFuture();
  }

  @Override
  public Future<Optional<StoredSnapshot>> get(String vehicle) {
    Objects.requireNonNull(vehicle, "vehicle");
    return Future.succeededFuture(Optional.ofNullable(latest.get(vehicle)));
  }

  @Override
  public String toString() {
    return "InMemorySharedSnapshots[" + latest.size() + " vehicles]";
  }
}
