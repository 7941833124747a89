package io.fleetpoller.poll;

import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.VehicleActivity.Charging;
import io.fleetpoller.poll.VehicleActivity.Driving;
import io.fleetpoller.poll.VehicleActivity.LettingSleep;
import io.fleetpoller.poll.VehicleActivity.OnlineIdle;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spends the least for the same knowledge: vehicle_data only while the car is awake and doing
 * something, at the configured interval for its {@link VehicleActivity}, backing off while nothing
 * changes, stretched by the budget's pace, shifted per car by {@link VinJitter}. Asleep, offline,
 * unreachable and paused cars get no data calls: the free vehicle list watches their state
 * (FACTS.md, "Endpoints a poller uses"). A letting-sleep car gets one check when its sleep window
 * ends, since by then it either fell asleep (the list said so) or cannot sleep.
 */
public final class CostAwarePolicy implements PollPolicy {

  static final double BACKOFF_STEP = 1.5;
  static final double BACKOFF_CAP = 3.0;
  /** Driving is what a poller must not miss: the budget may stretch it at most this much. */
  static final double DRIVING_PACE_CAP = 2.0;
  static final String LOCATION_SCOPE = "vehicle_location";

  private final FleetConfig.Polling polling;
  private final Map<String, Set<VehicleDataEndpoint>> endpointsByState;
  private final Duration minInterval;

  public CostAwarePolicy(FleetConfig.Polling polling) {
    this.polling = polling;
    this.endpointsByState = Map.of(
        "driving", parse(polling.endpoints().get("driving")),
        "charging", parse(polling.endpoints().get("charging")),
        "online", parse(polling.endpoints().get("online")));
    int perMinute = Math.max(1, polling.rateLimit().dataPerMinutePerVehicle());
    this.minInterval = Duration.ofMinutes(1).dividedBy(perMinute);
  }

  @Override
  public PollDecision decide(VehicleView vehicle, Instant now) {
    PollDecision decision = dataDecision(vehicle, now)
        .withStateCheckEvery(polling.listInterval())
        .withWakeAllowed(polling.allowWake() && vehicle.wakesLeft() > 0);
    return decision;
  }

  private PollDecision dataDecision(VehicleView vehicle, Instant now) {
    VehicleActivity activity = vehicle.activity();
    if (vehicle.state() != VehicleOnlineState.ONLINE || activity == null) {
      // Asleep, offline or not yet seen: only the list looks (FACTS.md: never poll an asleep car).
      return PollDecision.waitForState();
    }
    if (activity instanceof Driving) {
      double pace = Math.min(vehicle.paceFactor(), DRIVING_PACE_CAP);
      return fetch(vehicle, now, polling.intervals().driving(), pace, "driving");
    }
    if (activity instanceof Charging) {
      Duration base = chargingInterval(vehicle);
      return fetch(vehicle, now, base, backoff(vehicle) * vehicle.paceFactor(), "charging");
    }
    if (activity instanceof OnlineIdle) {
      return fetch(vehicle, now, polling.intervals().online(), backoff(vehicle) * vehicle.paceFactor(), "online");
    }
    if (activity instanceof LettingSleep letting) {
      Instant windowEnd = letting.since().plus(polling.sleepWindow());
      return PollDecision.fetchAt(later(windowEnd, vehicle.dataNotBefore()), endpoints("online", vehicle));
    }
    // Asleep, Offline, Unreachable, Paused.
    return PollDecision.waitForState();
  }

  /**
   * Tighter toward the end of a charge: once {@code time_to_full_charge} is within two charging
   * intervals, poll at half the time left (never faster than the driving interval), to catch the end.
   */
  private Duration chargingInterval(VehicleView vehicle) {
    Duration base = polling.intervals().charging();
    ChargeState charge = vehicle.lastData() == null ? null : vehicle.lastData().charge();
    if (charge == null || charge.timeToFullChargeHours() == null) {
      return base;
    }
    Duration toFull = Duration.ofMillis(Math.round(charge.timeToFullChargeHours() * 3_600_000));
    if (toFull.compareTo(base.multipliedBy(2)) > 0) {
      return base;
    }
    Duration half = toFull.dividedBy(2);
    Duration floor = polling.intervals().driving();
    return half.compareTo(floor) < 0 ? floor : half;
  }

  /** x1.5 per unchanged snapshot up to x3; a change resets the count, snapping back to the base. */
  private static double backoff(VehicleView vehicle) {
    return Math.min(Math.pow(BACKOFF_STEP, vehicle.unchangedSnapshots()), BACKOFF_CAP);
  }

  private PollDecision fetch(VehicleView vehicle, Instant now, Duration base, double stretch, String state) {
    Set<VehicleDataEndpoint> endpoints = endpoints(state, vehicle);
    Instant since = vehicle.activity().since();
    if (vehicle.lastDataAt() == null || vehicle.lastDataAt().isBefore(since)) {
      // A new state no snapshot has seen yet (e.g. the list says it woke up): look now.
      return PollDecision.fetchAt(later(now, vehicle.dataNotBefore()), endpoints);
    }
    double factor = stretch * (1 + VinJitter.fraction(vehicle.vin()));
    Duration interval = Duration.ofMillis(Math.round(base.toMillis() * factor));
    if (interval.compareTo(minInterval) < 0) {
      interval = minInterval;
    }
    return PollDecision.fetchAt(later(vehicle.lastDataAt().plus(interval), vehicle.dataNotBefore()), endpoints);
  }

  /** The state's configured sections; {@code location_data} only with the {@code vehicle_location} scope. */
  private Set<VehicleDataEndpoint> endpoints(String state, VehicleView vehicle) {
    Set<VehicleDataEndpoint> configured = endpointsByState.get(state);
    if (configured.contains(VehicleDataEndpoint.LOCATION_DATA) && !vehicle.grantedScopes().contains(LOCATION_SCOPE)) {
      EnumSet<VehicleDataEndpoint> without = EnumSet.copyOf(configured);
      without.remove(VehicleDataEndpoint.LOCATION_DATA);
      return without;
    }
    return configured;
  }

  private static Instant later(Instant at, Instant notBefore) {
    return notBefore != null && notBefore.isAfter(at) ? notBefore : at;
  }

  private static Set<VehicleDataEndpoint> parse(List<String> wireNames) {
    if (wireNames == null || wireNames.isEmpty()) {
      return Set.of(VehicleDataEndpoint.CHARGE_STATE);
    }
    EnumSet<VehicleDataEndpoint> parsed = EnumSet.noneOf(VehicleDataEndpoint.class);
    for (String name : wireNames) {
      parsed.add(VehicleDataEndpoint.fromWireName(name).orElseThrow(
          () -> new IllegalArgumentException("polling.endpoints: unknown vehicle_data endpoint " + name)));
    }
    return Set.copyOf(parsed);
  }
}
