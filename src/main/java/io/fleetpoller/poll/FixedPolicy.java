package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Benchmark reference: vehicle_data every {@code interval} whenever the list says online
 * ({@code fixed:30s} is Teslemetry's pre-pricing habit of 20-30 s while awake, about 1,500
 * requests a day; {@code fixed:5m} a cautious hobby poller — FACTS.md, "How peers poll"). Never
 * asks an asleep car, but never pauses, so an online car cannot fall asleep.
 */
public final class FixedPolicy implements PollPolicy {

  /** What a logger reads each time. */
  static final Set<VehicleDataEndpoint> LOGGER_ENDPOINTS = Set.of(VehicleDataEndpoint.CHARGE_STATE,
      VehicleDataEndpoint.DRIVE_STATE, VehicleDataEndpoint.CLIMATE_STATE, VehicleDataEndpoint.VEHICLE_STATE);

  private final Duration interval;
  private final FixedIntervalPolicy fixed;

  public FixedPolicy(Duration interval) {
    this.interval = interval;
    this.fixed = new FixedIntervalPolicy(interval, LOGGER_ENDPOINTS);
  }

  /** {@code fixed:30s}, {@code fixed:5m}. */
  public String name() {
    long seconds = interval.toSeconds();
    return "fixed:" + (seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s");
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    return fixed.decide(vehicle, now);
  }
}
