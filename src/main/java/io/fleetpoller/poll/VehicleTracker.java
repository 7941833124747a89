package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.VehicleActivity.Asleep;
import io.fleetpoller.poll.VehicleActivity.Charging;
import io.fleetpoller.poll.VehicleActivity.Driving;
import io.fleetpoller.poll.VehicleActivity.LettingSleep;
import io.fleetpoller.poll.VehicleActivity.Offline;
import io.fleetpoller.poll.VehicleActivity.OnlineIdle;
import io.fleetpoller.poll.VehicleActivity.Paused;
import io.fleetpoller.poll.VehicleActivity.Unreachable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The life of one vehicle as a state machine: one method per observation, each returning the next
 * tracker and the session events the transition implies. Immutable and pure: every method takes the
 * instant of the observation.
 */
public final class VehicleTracker {

  /** The tracker after an observation, and the sessions it began or ended. */
  public record Step(VehicleTracker tracker, List<SessionEvent> events) {
    public VehicleActivity activity() {
      return tracker.activity();
    }
  }

  /** Retry bound for an unreachable car: the list interval doubles per failure up to this. */
  private static final Duration MAX_UNREACHABLE_BACKOFF = Duration.ofMinutes(30);
  /** Drives at least this long are often followed by a charge (a fast charger on a trip). */
  static final Duration LONG_DRIVE = Duration.ofMinutes(40);
  /** At or below this battery level a charge is likely after parking. */
  static final int LOW_BATTERY_PERCENT = 20;

  private final String vin;
  private final Duration idleBeforeSleep;
  private final Duration listInterval;
  private final VehicleActivity activity;
  private final VehicleOnlineState listState;
  private final VehicleData lastData;
  private final Instant lastDataAt;
  private final Instant lastChangeAt;
  private final int unchangedSnapshots;
  private final int failures;
  private final Instant dataNotBefore;
  /** The activity a pause or a transport failure interrupted, resumed afterwards. */
  private final VehicleActivity interrupted;

  private VehicleTracker(String vin, Duration idleBeforeSleep, Duration listInterval, VehicleActivity activity,
      VehicleOnlineState listState, VehicleData lastData, Instant lastDataAt, Instant lastChangeAt,
      int unchangedSnapshots, int failures, Instant dataNotBefore, VehicleActivity interrupted) {
    this.vin = vin;
    this.idleBeforeSleep = idleBeforeSleep;
    this.listInterval = listInterval;
    this.activity = activity;
    this.listState = listState;
    this.lastData = lastData;
    this.lastDataAt = lastDataAt;
    this.lastChangeAt = lastChangeAt;
    this.unchangedSnapshots = unchangedSnapshots;
    this.failures = failures;
    this.dataNotBefore = dataNotBefore;
    this.interrupted = interrupted;
  }

  /**
   * A car not yet observed: {@link Offline} until the list says otherwise, so nothing is fetched
   * before its state is known (FACTS.md: check state before any paid request).
   */
  public static VehicleTracker start(String vin, Duration idleBeforeSleep, Duration listInterval, Instant now) {
    if (idleBeforeSleep.isNegative() || listInterval.isZero() || listInterval.isNegative()) {
      throw new IllegalArgumentException("idleBeforeSleep must be >= 0 and listInterval > 0, got "
          + idleBeforeSleep + " and " + listInterval);
    }
    return new VehicleTracker(vin, idleBeforeSleep, listInterval, new Offline(now), VehicleOnlineState.UNKNOWN,
        null, null, null, 0, 0, null, null);
  }

  public String vin() {
    return vin;
  }

  public VehicleActivity activity() {
    return activity;
  }

  public VehicleData lastData() {
    return lastData;
  }

  public Instant lastDataAt() {
    return lastDataAt;
  }

  /** What a policy sees; pace 1.0, no scopes and no wakes until the caller adds them. */
  public VehicleView view() {
    return new VehicleView(vin, listState, lastData, lastDataAt, activity, lastChangeAt, unchangedSnapshots,
        dataNotBefore, 1.0, Set.of(), 0);
  }

  /** The vehicle list's {@code state}: it never wakes the car and carries nothing but the state. */
  public Step onListState(VehicleOnlineState state, Instant now) {
    VehicleTracker seen = with(activity, state, interrupted);
    if (activity instanceof Paused paused) {
      boolean over = paused.until().map(until -> !now.isBefore(until)).orElse(false);
      return over ? seen.onResumed(now).tracker().onListState(state, now) : none(seen);
    }
    if (state == VehicleOnlineState.ASLEEP) {
      return activity instanceof Asleep ? none(seen) : seen.endSessions(new Asleep(now), lastData, now);
    }
    if (state == VehicleOnlineState.OFFLINE) {
      return activity instanceof Offline ? none(seen) : seen.endSessions(new Offline(now), lastData, now);
    }
    if (state != VehicleOnlineState.ONLINE) {
      return none(seen);
    }
    if (activity instanceof Asleep || activity instanceof Offline) {
      // Woke up: someone or something woke it, worth a look now.
      return none(seen.with(new OnlineIdle(now), state, null));
    }
    if (activity instanceof Unreachable unreachable && !now.isBefore(unreachable.since().plus(backoff(unreachable.failures())))) {
      VehicleActivity resume = interrupted != null ? interrupted : new OnlineIdle(now);
      return none(seen.with(resume, state, null));
    }
    // LettingSleep stays: online -> online is no news, the list gives nothing else to see.
    return none(seen);
  }

  /** A vehicle_data answer. */
  public Step onSnapshot(VehicleData data, Instant now) {
    boolean changed = SnapshotSigns.changed(lastData, data);
    VehicleTracker fetched = new VehicleTracker(vin, idleBeforeSleep, listInterval, activity,
        VehicleOnlineState.ONLINE, data, now, changed ? now : lastChangeAt, changed ? 0 : unchangedSnapshots + 1,
        0, dataNotBefore, interrupted);
    if (activity instanceof Paused) {
      return none(fetched);
    }
    VehicleActivity current = activity instanceof Unreachable && interrupted != null ? interrupted : activity;
    List<SessionEvent> events = new ArrayList<>();
    VehicleActivity next;
    if (SnapshotSigns.driving(data)) {
      if (current instanceof Driving) {
        next = current;
      } else {
        endSession(current, data, now, events);
        Double odometer = data.vehicle() == null ? null : data.vehicle().odometerMiles();
        Integer level = data.charge() == null ? null : data.charge().batteryLevel();
        Double range = data.charge() == null ? null : data.charge().batteryRange();
        events.add(new SessionEvent.DriveStarted(now, odometer, level));
        next = new Driving(now, odometer, level, range);
      }
    } else if (SnapshotSigns.charging(data)) {
      double power = powerOf(data.charge());
      if (current instanceof Charging charging) {
        next = new Charging(charging.since(), charging.startEnergyAddedKwh(), charging.startBatteryLevel(),
            Math.max(charging.peakPowerKw(), power));
      } else {
        endSession(current, data, now, events);
        events.add(new SessionEvent.ChargeStarted(now, data.charge().batteryLevel()));
        next = new Charging(now, data.charge().chargeEnergyAddedKwh(), data.charge().batteryLevel(), power);
      }
    } else {
      endSession(current, data, now, events);
      if (current instanceof OnlineIdle idle) {
        if (changed) {
          next = new OnlineIdle(now);
        } else if (!now.isBefore(idle.since().plus(idleBeforeSleep))) {
          next = new LettingSleep(now);
        } else {
          next = idle;
        }
      } else if (current instanceof LettingSleep letting) {
        if (letting.chargeLikely()) {
          // The plug-in look found no charge: now the ordinary sleep window, early look included.
          // Its other changes are the driver leaving (user present, locks): no reason to stay.
          next = new LettingSleep(now);
        } else {
          // A check in a sleep window: still idle, so give it another, full window (no early look
          // again: a car slower to sleep than expected is not kept awake by repeated looks).
          next = changed ? new OnlineIdle(now) : new LettingSleep(now, true);
        }
      } else if (current instanceof Driving drive) {
        // A session just ended: the car sleeps sleepAfter after its last activity or data call
        // (FACTS.md), so every idle poll from here on keeps it awake that much longer. Let it sleep
        // at once; the sleep window's look or the list (a plug-in or a drive wakes it) sees what
        // comes next, except after a long drive or with a low battery, when a charge is likely.
        next = new LettingSleep(now, false, chargeLikelyAfter(drive, data, now));
      } else if (current instanceof Charging) {
        next = new LettingSleep(now);
      } else {
        next = new OnlineIdle(now);
      }
    }
    return new Step(fetched.with(next, VehicleOnlineState.ONLINE, null), List.copyOf(events));
  }

  /** vehicle_data answered 408: asleep or offline (FACTS.md); taken as asleep, never retried. */
  public Step onUnavailable408(Instant now) {
    // The view's state says asleep too, so no policy retries it before the list says online again.
    return with(activity, VehicleOnlineState.ASLEEP, interrupted).endSessions(new Asleep(now), lastData, now);
  }

  /** A transport failure or 5xx: unreachable, retried after a backoff; an open session stays open. */
  public Step onTransportFailure(Instant now) {
    VehicleActivity keep = activity instanceof Unreachable ? interrupted : activity;
    int count = failures + 1;
    VehicleTracker failed = new VehicleTracker(vin, idleBeforeSleep, listInterval, new Unreachable(now, count),
        listState, lastData, lastDataAt, lastChangeAt, unchangedSnapshots, count, dataNotBefore,
        keep instanceof Driving || keep instanceof Charging ? keep : null);
    return none(failed);
  }

  /** A 429: no data call for this car before {@code retryAfter} has passed (FACTS.md). */
  public Step onRateLimited(Duration retryAfter, Instant now) {
    Instant notBefore = now.plus(retryAfter.isNegative() ? Duration.ZERO : retryAfter);
    return none(new VehicleTracker(vin, idleBeforeSleep, listInterval, activity, listState, lastData, lastDataAt,
        lastChangeAt, unchangedSnapshots, failures, notBefore, interrupted));
  }

  /** No paid calls until resumed or until {@code until}, for a token problem, a triage or the budget. */
  public Step onPaused(String reason, Optional<Instant> until, Instant now) {
    if (activity instanceof Paused) {
      return none(with(new Paused(activity.since(), until, reason), listState, interrupted));
    }
    return none(with(new Paused(now, until, reason), listState, activity));
  }

  /** Back to what the pause interrupted; the list corrects it if the car fell asleep meanwhile. */
  public Step onResumed(Instant now) {
    if (!(activity instanceof Paused)) {
      return none(this);
    }
    return none(with(interrupted != null ? interrupted : new Offline(now), listState, null));
  }

  /** A long drive (a road trip, a fast charger ahead) or a low battery: a plug-in is likely soon. */
  static boolean chargeLikelyAfter(Driving drive, VehicleData parked, Instant now) {
    Integer level = parked.charge() == null ? null : parked.charge().batteryLevel();
    return !now.isBefore(drive.since().plus(LONG_DRIVE)) || (level != null && level <= LOW_BATTERY_PERCENT);
  }

  private Duration backoff(int failureCount) {
    Duration wait = listInterval.multipliedBy(1L << Math.min(failureCount - 1, 20));
    return wait.compareTo(MAX_UNREACHABLE_BACKOFF) > 0 ? MAX_UNREACHABLE_BACKOFF : wait;
  }

  private Step endSessions(VehicleActivity next, VehicleData last, Instant now) {
    List<SessionEvent> events = new ArrayList<>();
    VehicleActivity open = activity instanceof Unreachable || activity instanceof Paused ? interrupted : activity;
    endSession(open, last, now, events);
    return new Step(with(next, listState, null), List.copyOf(events));
  }

  private static void endSession(VehicleActivity open, VehicleData last, Instant now, List<SessionEvent> events) {
    ChargeState charge = last == null ? null : last.charge();
    if (open instanceof Driving drive) {
      Double odometer = last == null || last.vehicle() == null ? null : last.vehicle().odometerMiles();
      Integer level = charge == null ? null : charge.batteryLevel();
      Double range = charge == null ? null : charge.batteryRange();
      events.add(new SessionEvent.DriveEnded(now, drive.since(), minus(odometer, drive.startOdometerMiles()),
          drive.startBatteryLevel() == null || level == null ? null : drive.startBatteryLevel() - level,
          minus(drive.startRangeMiles(), range)));
    } else if (open instanceof Charging session) {
      Double added = charge == null ? null : charge.chargeEnergyAddedKwh();
      Double start = session.startEnergyAddedKwh() == null ? Double.valueOf(0) : session.startEnergyAddedKwh();
      events.add(new SessionEvent.ChargeEnded(now, session.since(), minus(added, start), session.peakPowerKw(),
          charge == null ? null : charge.batteryLevel()));
    }
  }

  private static Double minus(Double a, Double b) {
    return a == null || b == null ? null : Math.round((a - b) * 1000) / 1000.0;
  }

  private static double powerOf(ChargeState charge) {
    return charge == null || charge.chargerPowerKw() == null ? 0 : charge.chargerPowerKw();
  }

  private static Step none(VehicleTracker tracker) {
    return new Step(tracker, List.of());
  }

  private VehicleTracker with(VehicleActivity next, VehicleOnlineState state, VehicleActivity interruptedNext) {
    return new VehicleTracker(vin, idleBeforeSleep, listInterval, next, state, lastData, lastDataAt, lastChangeAt,
        unchangedSnapshots, failures, dataNotBefore, interruptedNext);
  }
}
