package io.fleetpoller.poll;

import java.time.Instant;

/**
 * Decides when a vehicle's data is fetched next. Pure: it reads only the view and the instant it is
 * given, so it is tested with tables and no I/O.
 */
public interface PollPolicy {
  PollDecision decide(VehicleView vehicle, Instant now);
}
