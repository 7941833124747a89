package io.fleetpoller.sim;

import io.fleetpoller.sim.PlannedActivity.Drive;
import io.fleetpoller.sim.PlannedActivity.FastCharge;
import io.fleetpoller.sim.PlannedActivity.HomeCharge;
import io.fleetpoller.sim.PlannedActivity.OfflinePeriod;
import io.fleetpoller.sim.PowerState.Asleep;
import io.fleetpoller.sim.PowerState.Awake;
import io.fleetpoller.sim.PowerState.Waking;
import io.fleetpoller.sim.VehicleActivity.Charging;
import io.fleetpoller.sim.VehicleActivity.Driving;
import io.fleetpoller.sim.VehicleActivity.Parked;
import io.fleetpoller.sim.VehicleActivity.Plugged;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One simulated car, advanced lazily: {@link #advanceTo} steps from event to event (planned
 * activity starts, activity ends, coming online after a wake, falling asleep) up to an instant, so
 * a test clock may jump hours at once. Not thread-safe; the {@link Simulation} guards it.
 *
 * <p>Sleep follows FACTS.md: a parked, idle, online car sleeps {@code sleepAfter} after the later
 * of its last activity's end, its last vehicle_data call and its last wake; vehicle_data resets that
 * timer, the list and vehicle endpoints do not. Offline periods overlay the state and block calls.
 */
final class SimVehicle {

  static final double KWH_PER_MILE = 0.3;
  /** How long shift_state still reads "P" after a drive before it goes null. */
  private static final Duration SHOWS_PARK = Duration.ofMinutes(10);
  private static final Duration REVERSING = Duration.ofSeconds(15);

  private final long seed;
  private final VehicleTraits traits;
  private final String account;
  private final VehicleLife life;
  private final Duration sleepAfter;
  private final RateWindow dataCalls;

  private Instant cursor;
  private Instant lastPlannedStart;
  private double batteryKwh;
  private double odometer;
  private Place position;
  private int heading;
  private double lastEnergyAdded;
  private Instant lastDriveEnd;
  private VehicleActivity activity;
  private PowerState power;
  /** Non-null while an offline period lasts. */
  private Instant offlineUntil;
  /** The idle timer's base while awake and idle. */
  private Instant idleSince;
  /**
   * While awake and idle: from when awake time counts as caused by API calls (the time the car
   * would have slept untouched, or the wake); null when none counts.
   */
  private Instant causedFrom;
  private long causedMillis;
  /** Since when the computer has been awake or waking (any cause); null while asleep. */
  private Instant awakeSince;
  private long awakeMillis;
  private int wakes;
  /** Every drive and charge that began, as ground truth for benchmarks; the last may be ongoing. */
  private final java.util.List<SimSession> sessions = new java.util.ArrayList<>();

  SimVehicle(long seed, VehicleTraits traits, String account, Duration sleepAfter, int dataCallsPerMinute,
      Instant now) {
    this.seed = seed;
    this.traits = traits;
    this.account = account;
    this.life = new VehicleLife(seed, traits);
    this.sleepAfter = sleepAfter;
    this.dataCalls = new RateWindow(dataCallsPerMinute, Duration.ofMinutes(1));
    // Start asleep at home at the previous midnight and live the day up to now, untouched, so the
    // first request sees a plausible car (maybe driving, maybe charging).
    long today = Math.floorDiv(now.getEpochSecond(), DailyPlan.SECONDS_PER_DAY);
    this.cursor = Instant.ofEpochSecond((today - 1) * DailyPlan.SECONDS_PER_DAY);
    this.lastPlannedStart = cursor.minusNanos(1);
    this.batteryKwh = traits.packKwh() * traits.initialBatteryPercent() / 100;
    this.odometer = traits.initialOdometerMiles();
    this.position = traits.home();
    this.activity = new Parked(cursor);
    this.power = new Asleep(cursor);
    this.lastDriveEnd = cursor.minus(SHOWS_PARK);
    advanceTo(now);
    // Both counters start with the simulation; the day lived before it belongs to nobody.
    this.causedMillis = 0;
    this.awakeMillis = 0;
    if (awakeSince != null) {
      awakeSince = cursor;
    }
  }

  VehicleTraits traits() {
    return traits;
  }

  String account() {
    return account;
  }

  String vin() {
    return traits.vin();
  }

  int wakes() {
    return wakes;
  }

  /** Lives up to {@code target}; earlier instants are ignored (time never runs backwards here). */
  void advanceTo(Instant target) {
    while (true) {
      Instant at = target;
      Runnable step = null;
      PlannedActivity planned = life.nextAfter(lastPlannedStart);
      if (!planned.start().isAfter(at)) {
        at = planned.start();
        step = () -> begin(planned);
      }
      Instant activityEnd = activityEnd();
      if (activityEnd != null && !activityEnd.isAfter(at)) {
        at = activityEnd;
        step = this::finishActivity;
      }
      if (offlineUntil != null && !offlineUntil.isAfter(at)) {
        at = offlineUntil;
        step = () -> offlineUntil = null;
      }
      Instant powerChange = powerChange();
      if (powerChange != null && !powerChange.isAfter(at)) {
        at = powerChange;
        step = this::changePower;
      }
      if (step == null) {
        break;
      }
      Instant when = at;
      materialize(when);
      cursor = max(cursor, when);
      step.run();
    }
    if (target.isAfter(cursor)) {
      materialize(target);
      cursor = target;
    }
  }

  /** A vehicle_data call at the current instant: false when the car cannot answer (408). */
  boolean serveData() {
    if (offlineUntil != null || !(power instanceof Awake)) {
      return false;
    }
    if (isIdle()) {
      idleSince = max(idleSince, cursor);
    }
    return true;
  }

  /** A wake_up call at the current instant; true when it woke a sleeping car. */
  boolean wakeUp() {
    if (offlineUntil != null) {
      return false; // no connectivity: the command never reaches the car
    }
    if (power instanceof Asleep) {
      wakes++;
      SplittableRandom random = new SplittableRandom(seed * 31 + traits.index() * 1_000_003L + wakes);
      changePowerTo(new Waking(cursor.plusSeconds(random.nextInt(10, 61))), cursor);
      return true;
    }
    if (power instanceof Awake && isIdle()) {
      idleSince = max(idleSince, cursor);
    }
    return false;
  }

  /** 0 when a data call may go ahead now (and counts it), else Retry-After seconds. */
  long rateLimit() {
    return dataCalls.tryAcquire(cursor);
  }

  String state() {
    if (offlineUntil != null) {
      return "offline";
    }
    return power instanceof Awake ? "online" : "asleep";
  }

  java.util.List<SimSession> sessions() {
    return java.util.List.copyOf(sessions);
  }

  /** Simulated seconds API calls have kept this car awake so far, including the current stretch. */
  long awakeSecondsCaused() {
    long millis = causedMillis;
    if (power instanceof Awake && isIdle() && causedFrom != null && cursor.isAfter(causedFrom)) {
      millis += Duration.between(causedFrom, cursor).toMillis();
    }
    return millis / 1000;
  }

  /** Simulated seconds this car was awake or waking so far, for any reason, including the current stretch. */
  long awakeSeconds() {
    long millis = awakeMillis;
    if (awakeSince != null && cursor.isAfter(awakeSince)) {
      millis += Duration.between(awakeSince, cursor).toMillis();
    }
    return millis / 1000;
  }

  VehicleSnapshot snapshot() {
    double percent = 100 * batteryKwh / traits.packKwh();
    String shift = null;
    Integer speed = null;
    int powerKw = 0;
    String chargingState = "Disconnected";
    double chargerKw = 0;
    int volts = 0;
    int amps = 0;
    double hoursToFull = 0;
    boolean fast = false;
    boolean plugged = false;
    boolean driving = false;
    if (activity instanceof Driving d) {
      driving = true;
      Drive drive = d.drive();
      long elapsed = Duration.between(drive.start(), cursor).toSeconds();
      boolean reversing = drive.reversesOut() && elapsed < REVERSING.toSeconds();
      shift = reversing ? "R" : "D";
      // A gentle deterministic wobble around the drive's average speed.
      double mph = reversing ? 3 : drive.averageMph() + 6 * Math.sin(elapsed / 90.0);
      speed = (int) Math.round(Math.max(1, mph));
      powerKw = (int) Math.round(speed * KWH_PER_MILE + 1); // traction plus accessories
    } else if (activity instanceof Charging c) {
      plugged = true;
      fast = c.fast();
      chargingState = "Charging";
      chargerKw = c.kilowatts();
      volts = fast ? 400 : 240;
      amps = (int) Math.round(chargerKw * 1000 / volts);
      powerKw = -(int) Math.round(chargerKw);
      hoursToFull = Math.max(0, c.limitKwh() - batteryKwh) / c.kilowatts();
    } else if (activity instanceof Plugged p) {
      plugged = true;
      fast = p.fast();
      chargingState = percent >= traits.chargeLimitPercent() - 0.5 || fast ? "Complete" : "Stopped";
      volts = fast ? 0 : 2;
    }
    if (!driving && Duration.between(lastDriveEnd, cursor).compareTo(SHOWS_PARK) < 0) {
      shift = "P";
    }
    double hourOfDay = (Math.floorMod(cursor.getEpochSecond(), DailyPlan.SECONDS_PER_DAY)) / 3600.0;
    double outside = traits.climateBaseCelsius() + 6 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24);
    double inside = driving ? 21.0 : outside + 3;
    return new VehicleSnapshot(
        cursor, state(), activityName(), batteryKwh, percent, traits.chargeLimitPercent(), odometer, position,
        heading, shift, speed, powerKw, chargingState, chargerKw, volts, amps,
        lastEnergyAdded,
        hoursToFull, fast, plugged, driving, driving, round1(outside), round1(inside));
  }

  String activityName() {
    if (activity instanceof Driving) {
      return "driving";
    }
    if (activity instanceof Charging) {
      return "charging";
    }
    return activity instanceof Plugged ? "plugged" : "parked";
  }

  // ---- transitions ----

  private void begin(PlannedActivity planned) {
    lastPlannedStart = planned.start();
    Instant at = planned.start();
    if (planned instanceof Drive drive) {
      if (activity instanceof Driving) {
        return; // plans never overlap; a drive is never interrupted by another
      }
      wakeForActivity(at);
      activity = new Driving(drive, odometer, batteryKwh);
      offlineUntil = null;
      sessions.add(new SimSession(SimSession.Kind.DRIVE, at, null));
    } else if (planned instanceof HomeCharge home) {
      if (activity instanceof Parked && percent() < home.belowPercent() && percent() < home.limitPercent()) {
        startCharge(at, home.kilowatts(), home.limitPercent(), null, false);
      }
    } else if (planned instanceof FastCharge stop) {
      if (!(activity instanceof Driving) && !(activity instanceof Charging) && percent() < stop.limitPercent()) {
        startCharge(at, stop.kilowatts(), stop.limitPercent(), stop.end(), true);
      }
    } else if (planned instanceof OfflinePeriod offline) {
      if (!(activity instanceof Driving) && !(activity instanceof Charging)) {
        offlineUntil = offline.end();
      }
    }
  }

  private void startCharge(Instant at, double kw, int limitPercent, Instant stopAt, boolean fast) {
    wakeForActivity(at);
    sessions.add(new SimSession(SimSession.Kind.CHARGE, at, null));
    lastEnergyAdded = 0;
    activity = new Charging(at, batteryKwh, kw, traits.packKwh() * limitPercent / 100, stopAt, fast);
  }

  private void finishActivity() {
    if (!sessions.isEmpty() && sessions.get(sessions.size() - 1).end() == null) {
      sessions.set(sessions.size() - 1, sessions.get(sessions.size() - 1).endedAt(cursor));
    }
    if (activity instanceof Driving d) {
      position = d.drive().to();
      lastDriveEnd = cursor;
      activity = new Parked(cursor);
    } else if (activity instanceof Charging c) {
      activity = new Plugged(cursor, lastEnergyAdded, c.fast());
    }
    becomeIdle(cursor);
  }

  private void changePower() {
    if (power instanceof Waking) {
      // Everything a wake_up causes counts, from the moment the car is online.
      changePowerTo(new Awake(), cursor);
      idleSince = cursor;
      causedFrom = cursor;
    } else if (power instanceof Awake) {
      closeCausedStretch(cursor);
      changePowerTo(new Asleep(cursor), cursor);
    }
  }

  private void wakeForActivity(Instant at) {
    closeCausedStretch(at);
    changePowerTo(new Awake(), at);
  }

  /** Every power change after construction goes through here, so the awake total stays exact. */
  private void changePowerTo(PowerState next, Instant at) {
    boolean wasAsleep = power instanceof Asleep;
    boolean asleep = next instanceof Asleep;
    if (wasAsleep && !asleep) {
      awakeSince = at;
    } else if (!wasAsleep && asleep) {
      awakeMillis += Duration.between(awakeSince, at).toMillis();
      awakeSince = null;
    }
    power = next;
  }

  private void becomeIdle(Instant at) {
    idleSince = at;
    causedFrom = at.plus(sleepAfter); // when the car would sleep if nobody called it
  }

  private void closeCausedStretch(Instant at) {
    if (power instanceof Awake && isIdle() && causedFrom != null && at.isAfter(causedFrom)) {
      causedMillis += Duration.between(causedFrom, at).toMillis();
    }
    causedFrom = null;
  }

  private Instant activityEnd() {
    if (activity instanceof Driving d) {
      return d.drive().end();
    }
    return activity instanceof Charging c ? c.end() : null;
  }

  private Instant powerChange() {
    if (power instanceof Waking w) {
      return w.onlineAt();
    }
    if (power instanceof Awake && isIdle()) {
      return idleSince.plus(sleepAfter);
    }
    return null;
  }

  private boolean isIdle() {
    return activity instanceof Parked || activity instanceof Plugged;
  }

  /** Sets battery, odometer and position for {@code at} within the current activity. */
  private void materialize(Instant at) {
    if (activity instanceof Driving d) {
      Drive drive = d.drive();
      Instant clamped = at.isAfter(drive.end()) ? drive.end() : at;
      double hours = Duration.between(drive.start(), clamped).toMillis() / 3_600_000.0;
      double miles = drive.averageMph() * hours;
      odometer = d.startOdometer() + miles;
      batteryKwh = Math.max(0, d.startKwh() - miles * KWH_PER_MILE);
      double fraction = hours / (drive.duration().toMillis() / 3_600_000.0);
      Place before = position;
      position = fraction < 0.5
          ? drive.from().toward(drive.via(), fraction * 2)
          : drive.via().toward(drive.to(), fraction * 2 - 1);
      if (!before.equals(position)) {
        heading = before.headingTo(position);
      }
    } else if (activity instanceof Charging c) {
      batteryKwh = c.kwhAt(at);
      lastEnergyAdded = batteryKwh - c.startKwh();
    }
  }

  private double percent() {
    return 100 * batteryKwh / traits.packKwh();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
