package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A scripted day (sleep, drive to work, park, drive home, charge, park) replayed against each policy
 * with no simulator: counts paid calls, how long the car slept, and the sessions each policy saw.
 * The car falls asleep 15 minutes after its last activity or data call (FACTS.md: a vehicle_data
 * call resets the car's idle timer; peers wait ~15 min).
 */
class DayReplayTest {

  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
  private static final Duration FALLS_ASLEEP_AFTER = Duration.ofMinutes(15);

  enum Kind { DRIVE, CHARGE }

  record Segment(Kind kind, Instant start, Instant end) {}

  private static Instant at(int hour, int minute) {
    return DAY.plus(Duration.ofHours(hour).plusMinutes(minute));
  }

  private static final List<Segment> SCRIPT = List.of(
      new Segment(Kind.DRIVE, at(7, 30), at(8, 0)),
      new Segment(Kind.DRIVE, at(17, 0), at(17, 30)),
      new Segment(Kind.CHARGE, at(17, 40), at(19, 40)));

  /** The car's truth at any instant, and its sleep, which depends on the calls it receives. */
  static final class ScriptedCar {
    Instant lastDataCall = DAY.minus(Duration.ofHours(1));
    Duration asleepFor = Duration.ZERO;

    Segment segmentAt(Instant t) {
      for (Segment s : SCRIPT) {
        if (!t.isBefore(s.start()) && t.isBefore(s.end())) {
          return s;
        }
      }
      return null;
    }

    Instant lastActivityEnd(Instant t) {
      Instant end = DAY.minus(Duration.ofHours(1));
      for (Segment s : SCRIPT) {
        if (!s.start().isAfter(t)) {
          end = s.end().isAfter(t) ? t : s.end();
        }
      }
      return end;
    }

    boolean asleep(Instant t) {
      if (segmentAt(t) != null) {
        return false;
      }
      Instant activityEnd = lastActivityEnd(t);
      Instant awakeSince = activityEnd.isAfter(lastDataCall) ? activityEnd : lastDataCall;
      return !t.isBefore(awakeSince.plus(FALLS_ASLEEP_AFTER));
    }

    VehicleOnlineState state(Instant t) {
      return asleep(t) ? VehicleOnlineState.ASLEEP : VehicleOnlineState.ONLINE;
    }

    VehicleData data(Instant t) {
      double driven = 0;
      double charged = 0;
      double lastSessionKwh = 0;
      for (Segment s : SCRIPT) {
        if (s.start().isAfter(t)) {
          continue;
        }
        double minutes = Duration.between(s.start(), s.end().isAfter(t) ? t : s.end()).toSeconds() / 60.0;
        if (s.kind() == Kind.DRIVE) {
          driven += minutes;
        } else {
          charged += minutes;
          lastSessionKwh = Math.round(11.0 * minutes / 60 * 10) / 10.0;
        }
      }
      double odometer = 1000 + Math.round(driven * 0.5 * 10) / 10.0;
      int level = (int) Math.round(60 - driven * 0.3 + charged * 0.2);
      Segment now = segmentAt(t);
      if (now != null && now.kind() == Kind.DRIVE) {
        return Snapshots.data("D", 35.0, odometer, level, level * 3.0, "Disconnected", 0, 0, null, true, false);
      }
      if (now != null) {
        return Snapshots.data(null, null, odometer, level, level * 3.0, "Charging", 11.0, lastSessionKwh, null, false,
            false);
      }
      String chargingState = lastSessionKwh > 0 ? "Complete" : "Disconnected";
      return Snapshots.data(null, null, odometer, level, level * 3.0, chargingState, 0, lastSessionKwh, null, false,
          false);
    }
  }

  record Result(int dataCalls, int calls408, int listCalls, Duration asleep, List<SessionEvent> events) {
    long count(Class<? extends SessionEvent> type) {
      return events.stream().filter(type::isInstance).count();
    }
  }

  static Result replay(PollPolicy policy) {
    ScriptedCar car = new ScriptedCar();
    Instant end = DAY.plus(Duration.ofDays(1));
    Instant t = DAY;
    VehicleTracker tracker = VehicleTracker.start(Snapshots.VIN, Duration.ofMinutes(10), Duration.ofSeconds(60), t);
    List<SessionEvent> events = new ArrayList<>();
    int data = 0;
    int unavailable = 0;
    int lists = 0;
    Instant lastList = DAY.minusSeconds(3600);
    Duration asleep = Duration.ZERO;
    int steps = 0;
    while (t.isBefore(end)) {
      if (++steps > 200_000) {
        throw new IllegalStateException("replay stuck at " + t + " in " + tracker.activity());
      }
      PollDecision decision = policy.decide(tracker.view(), t);
      Instant nextList = lastList.plus(decision.stateCheckEvery().orElse(Duration.ofSeconds(60)));
      Instant nextData = decision.dataAt().orElse(Instant.MAX);
      Instant next = nextData.isAfter(nextList) ? nextList : nextData;
      next = next.isBefore(t) ? t : next;
      // Sleep time measured in one-minute steps between observations.
      Instant until = next.isAfter(end) ? end : next;
      for (Instant m = t; m.isBefore(until); ) {
        Instant stepEnd = m.plusSeconds(60).isAfter(until) ? until : m.plusSeconds(60);
        if (car.asleep(m)) {
          asleep = asleep.plus(Duration.between(m, stepEnd));
        }
        m = stepEnd;
      }
      t = next;
      if (!t.isBefore(end)) {
        break;
      }
      VehicleTracker.Step step;
      if (!nextData.isAfter(nextList)) {
        data++;
        if (car.asleep(t)) {
          unavailable++;
          step = tracker.onUnavailable408(t);
        } else {
          car.lastDataCall = t;
          step = tracker.onSnapshot(car.data(t), t);
        }
      } else {
        lists++;
        lastList = t;
        step = tracker.onListState(car.state(t), t);
      }
      tracker = step.tracker();
      events.addAll(step.events());
    }
    return new Result(data, unavailable, lists, asleep, events);
  }

  @Test
  void theCostAwarePolicySpendsLeastAmongThoseThatSeeEverySessionAndLetsTheCarSleep() {
    Map<String, Result> results = new LinkedHashMap<>();
    results.put("cost-aware", replay(new CostAwarePolicy(Snapshots.defaults())));
    results.put("fixed:30s", replay(new FixedPolicy(Duration.ofSeconds(30))));
    results.put("fixed:5m", replay(new FixedPolicy(Duration.ofMinutes(5))));
    results.put("home-assistant", replay(new HomeAssistantLikePolicy()));
    results.put("teslamate", replay(new TeslaMateLikePolicy()));
    results.forEach((name, r) -> System.out.printf("%-15s data=%5d (408: %d) lists=%4d asleep=%5d min drives=%d charges=%d%n",
        name, r.dataCalls(), r.calls408(), r.listCalls(), r.asleep().toMinutes(),
        r.count(SessionEvent.DriveStarted.class), r.count(SessionEvent.ChargeStarted.class)));

    Result costAware = results.get("cost-aware");
    assertThat(costAware.count(SessionEvent.DriveStarted.class)).isEqualTo(2);
    assertThat(costAware.count(SessionEvent.DriveEnded.class)).isEqualTo(2);
    assertThat(costAware.count(SessionEvent.ChargeEnded.class)).isEqualTo(1);
    assertThat(costAware.calls408()).isZero();
    // Awake 3 h driving and charging plus idle-before-sleep and falling-asleep time after each: over 19 h asleep.
    assertThat(costAware.asleep()).isGreaterThan(Duration.ofHours(19));
    assertThat(costAware.dataCalls()).isLessThan(results.get("fixed:30s").dataCalls());
    assertThat(costAware.dataCalls()).isLessThan(results.get("fixed:5m").dataCalls());
    assertThat(costAware.dataCalls()).isLessThan(results.get("teslamate").dataCalls());
    // A poller that never pauses keeps the car awake from the first drive on (asleep only 00:00-07:30).
    assertThat(results.get("fixed:30s").asleep()).isLessThanOrEqualTo(Duration.ofMinutes(450));
  }

  @Test
  void theCostAwareReplayReportsTheDrivesAndTheChargeWithTheirFigures() {
    Result r = replay(new CostAwarePolicy(Snapshots.defaults()));
    var drives = r.events().stream().filter(SessionEvent.DriveEnded.class::isInstance)
        .map(SessionEvent.DriveEnded.class::cast).toList();
    // 30 minutes at 0.5 mi/min; the end is seen at the first snapshot after parking.
    assertThat(drives).allSatisfy(d -> assertThat(d.distanceMiles()).isBetween(13.0, 15.0));
    var charge = r.events().stream().filter(SessionEvent.ChargeEnded.class::isInstance)
        .map(SessionEvent.ChargeEnded.class::cast).findFirst().orElseThrow();
    assertThat(charge.peakPowerKw()).isEqualTo(11.0);
    // 22 kWh in two hours at 11 kW; with no time-to-full figure the charge is looked at every 10
    // minutes at most, so the last snapshot may be up to 1.8 kWh short.
    assertThat(charge.energyAddedKwh()).isBetween(20.0 - 1.9, 22.0);
  }
}
