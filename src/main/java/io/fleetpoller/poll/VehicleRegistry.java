package io.fleetpoller.poll;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The daemon's current view of every vehicle, keyed by VIN. Written by the poller, read by the web
 * API and the demo console from other threads, hence immutable entries in a concurrent map.
 */
public final class VehicleRegistry {

  private final ConcurrentHashMap<String, TrackedVehicle> byVin = new ConcurrentHashMap<>();

  public List<TrackedVehicle> all() {
    return byVin.values().stream().sorted(Comparator.comparing(TrackedVehicle::vin)).toList();
  }

  public Optional<TrackedVehicle> get(String vin) {
    return Optional.ofNullable(byVin.get(vin));
  }

  TrackedVehicle update(String vin, String account, UnaryOperator<TrackedVehicle> change) {
    return byVin.compute(vin, (key, old) -> change.apply(old != null ? old : TrackedVehicle.discovered(vin, account)));
  }

  /** Adds one call and its cost to a known vehicle; calls for unknown vehicles are not tracked here. */
  void recordCall(String vin, long microUsd) {
    byVin.computeIfPresent(vin, (key, old) -> old.withCall(microUsd));
  }
}
