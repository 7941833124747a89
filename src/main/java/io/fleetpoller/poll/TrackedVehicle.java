package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Instant;

/**
 * What the daemon knows of one vehicle now: its last cheap state, its last vehicle_data snapshot,
 * what the poller makes of them ({@code activity}, a {@link VehicleActivity#label()}), when it was
 * and will next be polled, and what it has cost. Immutable; replaced on every change.
 */
public record TrackedVehicle(
    String vin,
    String account,
    String displayName,
    VehicleOnlineState state,
    String activity,
    Instant stateSeenAt,
    VehicleData lastData,
    Instant lastDataAt,
    Instant nextPollAt,
    long calls,
    long microUsd) {

  static TrackedVehicle discovered(String vin, String account) {
    return new TrackedVehicle(vin, account, null, VehicleOnlineState.UNKNOWN, null, null, null, null, null, 0, 0);
  }

  TrackedVehicle withState(String name, VehicleOnlineState newState, Instant seenAt) {
    return new TrackedVehicle(vin, account, name, newState, activity, seenAt, lastData, lastDataAt, nextPollAt, calls, microUsd);
  }

  TrackedVehicle withData(VehicleData data, Instant at) {
    return new TrackedVehicle(vin, account, displayName, data.state(), activity, at, data, at, nextPollAt, calls, microUsd);
  }

  TrackedVehicle withNextPoll(Instant at) {
    return new TrackedVehicle(vin, account, displayName, state, activity, stateSeenAt, lastData, lastDataAt, at, calls, microUsd);
  }

  TrackedVehicle withCall(long costMicroUsd) {
    return new TrackedVehicle(vin, account, displayName, state, activity, stateSeenAt, lastData, lastDataAt, nextPollAt,
        calls + 1, microUsd + costMicroUsd);
  }

  TrackedVehicle withActivity(String label) {
    return new TrackedVehicle(vin, account, displayName, state, label, stateSeenAt, lastData, lastDataAt, nextPollAt,
        calls, microUsd);
  }

  /** Battery level from the last snapshot, if it had one. */
  public Integer batteryLevel() {
    return lastData == null || lastData.charge() == null ? null : lastData.charge().batteryLevel();
  }
}
