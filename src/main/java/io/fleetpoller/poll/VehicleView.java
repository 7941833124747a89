package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Instant;

/** What a {@link PollPolicy} may look at: the cheap state and the last snapshot, if any. */
public record VehicleView(
    String vin, VehicleOnlineState state, VehicleData lastData, Instant lastDataAt) {

  static VehicleView of(TrackedVehicle status) {
    return new VehicleView(status.vin(), status.state(), status.lastData(), status.lastDataAt());
  }
}
