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
  /** A drive's interval grows with its age up to this many driving intervals (30 s -> 2 min). */
  static final long DRIVING_STRETCH_CAP = 4;
  /** A charge's interval grows up to this many charging intervals (2 min -> 10 min). */
  static final long CHARGING_STRETCH_CAP = 5;
  /** Driving is what a poller must not miss: the budget may stretch it at most this much. */
  static final double DRIVING_PACE_CAP = 2.0;
  static final String LOCATION_SCOPE = "vehicle_location";
  /**
   * When a charge is likely after a drive, one look this long after parking: drivers plug in within
   * minutes of arriving at a charger. It keeps the car awake this much longer if they did not.
   */
  static final Duration PLUG_IN_LOOK = Duration.ofMinutes(4);
  /** Time for a list answer to land after the car fell asleep, beyond one list interval. */
  static final Duration LIST_MARGIN = Duration.ofSeconds(30);

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
      return fetch(vehicle, now, drivingInterval(vehicle), pace, "driving");
    }
    if (activity instanceof Charging) {
      return fetch(vehicle, now, chargingInterval(vehicle), vehicle.paceFactor(), "charging");
    }
    if (activity instanceof OnlineIdle) {
      return fetch(vehicle, now, polling.intervals().online(), backoff(vehicle) * vehicle.paceFactor(), "online");
    }
    if (activity instanceof LettingSleep letting) {
      return PollDecision.fetchAt(later(sleepCheckAt(letting), vehicle.dataNotBefore()), endpoints("online", vehicle));
    }
    // Asleep, Offline, Unreachable, Paused.
    return PollDecision.waitForState();
  }

  /**
   * A quarter of the drive's age so far, between the driving interval and four times it: a short
   * errand's end is seen within seconds, a long trip is not followed at 30 s for hours (each call is
   * $0.002; the end of a one-hour drive is still seen within two minutes). The start needs no
   * polling: a drive wakes the car, and the free list sees it.
   */
  private Duration drivingInterval(VehicleView vehicle) {
    Duration base = polling.intervals().driving();
    Duration age = Duration.between(vehicle.activity().since(), vehicle.lastDataAt());
    return clamp(age.dividedBy(4), base, base.multipliedBy(DRIVING_STRETCH_CAP));
  }

  /**
   * Half the {@code time_to_full_charge} left, between the driving interval and five charging
   * intervals: a long charge is looked at every 10 minutes, its end closely; with no time-to-full
   * figure, the charging interval backed off while nothing changes.
   */
  private Duration chargingInterval(VehicleView vehicle) {
    Duration base = polling.intervals().charging();
    Duration most = base.multipliedBy(CHARGING_STRETCH_CAP);
    ChargeState charge = vehicle.lastData() == null ? null : vehicle.lastData().charge();
    if (charge == null || charge.timeToFullChargeHours() == null || charge.timeToFullChargeHours() <= 0) {
      return clamp(Duration.ofMillis(Math.round(base.toMillis() * backoff(vehicle))), base, most);
    }
    Duration toFull = Duration.ofMillis(Math.round(charge.timeToFullChargeHours() * 3_600_000));
    return clamp(toFull.dividedBy(2), polling.intervals().driving(), most);
  }

  private static Duration clamp(Duration value, Duration least, Duration most) {
    if (value.compareTo(least) < 0) {
      return least;
    }
    return value.compareTo(most) > 0 ? most : value;
  }

  /**
   * The look in a sleep window: {@link #PLUG_IN_LOOK} after a drive that makes a charge likely;
   * otherwise at the window's end, or earlier once the car should have fallen asleep
   * ({@code fallsAsleepAfter} plus a list cycle and a margin, so the list has had its chance to say
   * asleep). A car still letting-sleep then is online past its sleep time: something keeps it awake
   * (a charge that began after parking, most often), so a look costs it no sleep. Only once per idle
   * stretch, so a car slower to sleep than expected is not kept awake by it.
   */
  private Instant sleepCheckAt(LettingSleep letting) {
    if (letting.chargeLikely()) {
      return letting.since().plus(PLUG_IN_LOOK);
    }
    Instant windowEnd = letting.since().plus(polling.sleepWindow());
    if (letting.lookedEarly()) {
      return windowEnd;
    }
    Instant overdue = letting.since().plus(polling.fallsAsleepAfter()).plus(polling.listInterval())
        .plus(LIST_MARGIN);
    return overdue.isBefore(windowEnd) ? overdue : windowEnd;
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
