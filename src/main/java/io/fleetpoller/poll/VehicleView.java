package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Instant;
import java.util.Set;

/**
 * What a {@link PollPolicy} may look at: the cheap state, the last snapshot, and what
 * {@link VehicleTracker} made of them, plus the inputs computed elsewhere (budget pace, granted
 * scopes, wakes left). Every field but {@code vin} and {@code state} may be null or default.
 *
 * @param activity the tracker's state; null when no tracker runs (then policies read {@code state})
 * @param lastChangeAt when a snapshot last differed from the one before
 * @param unchangedSnapshots consecutive snapshots with no change, for adaptive back-off
 * @param dataNotBefore a 429's {@code Retry-After} end, if any
 * @param paceFactor >= 1.0: how much the budget asks intervals to stretch
 * @param grantedScopes OAuth scopes of the account's token ({@code vehicle_location} for location)
 * @param wakesLeft wakes the wake budget still allows
 */
public record VehicleView(
    String vin,
    VehicleOnlineState state,
    VehicleData lastData,
    Instant lastDataAt,
    VehicleActivity activity,
    Instant lastChangeAt,
    int unchangedSnapshots,
    Instant dataNotBefore,
    double paceFactor,
    Set<String> grantedScopes,
    int wakesLeft) {

  public VehicleView {
    if (!(paceFactor >= 1.0) || Double.isInfinite(paceFactor)) {
      throw new IllegalArgumentException("paceFactor must be a finite number >= 1.0, got " + paceFactor);
    }
    grantedScopes = grantedScopes == null ? Set.of() : Set.copyOf(grantedScopes);
  }

  /** The cheap state and the last snapshot only, as {@link FleetPoller} knows a car today. */
  public VehicleView(String vin, VehicleOnlineState state, VehicleData lastData, Instant lastDataAt) {
    this(vin, state, lastData, lastDataAt, null, null, 0, null, 1.0, Set.of(), 0);
  }

  static VehicleView of(TrackedVehicle status) {
    return new VehicleView(status.vin(), status.state(), status.lastData(), status.lastDataAt());
  }

  public VehicleView withPaceFactor(double pace) {
    return new VehicleView(vin, state, lastData, lastDataAt, activity, lastChangeAt, unchangedSnapshots,
        dataNotBefore, pace, grantedScopes, wakesLeft);
  }

  public VehicleView withGrantedScopes(Set<String> scopes) {
    return new VehicleView(vin, state, lastData, lastDataAt, activity, lastChangeAt, unchangedSnapshots,
        dataNotBefore, paceFactor, scopes, wakesLeft);
  }

  public VehicleView withWakesLeft(int wakes) {
    return new VehicleView(vin, state, lastData, lastDataAt, activity, lastChangeAt, unchangedSnapshots,
        dataNotBefore, paceFactor, grantedScopes, wakes);
  }
}
