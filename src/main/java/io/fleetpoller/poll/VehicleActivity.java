package io.fleetpoller.poll;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a vehicle is doing as far as the poller knows, each state carrying what it needs (STYLE.md
 * habit 2). {@link VehicleTracker} moves between them; a {@link PollPolicy} reads them.
 */
public sealed interface VehicleActivity {

  /** When this state began. */
  Instant since();

  /** Every {@link #label()}, in the order the states are declared. */
  List<String> LABELS = List.of("driving", "charging", "online_idle", "letting_sleep", "asleep", "offline",
      "unreachable", "paused");

  /** The state's name in events, metrics and the web API: {@code driving}, {@code letting_sleep}, ... */
  default String label() {
    if (this instanceof Driving) {
      return "driving";
    } else if (this instanceof Charging) {
      return "charging";
    } else if (this instanceof OnlineIdle) {
      return "online_idle";
    } else if (this instanceof LettingSleep) {
      return "letting_sleep";
    } else if (this instanceof Asleep) {
      return "asleep";
    } else if (this instanceof Offline) {
      return "offline";
    } else if (this instanceof Unreachable) {
      return "unreachable";
    }
    return "paused";
  }

  /** Gear engaged or moving; the start figures close the drive's session event. */
  record Driving(Instant since, Double startOdometerMiles, Integer startBatteryLevel, Double startRangeMiles)
      implements VehicleActivity {}

  /** Charging; {@code peakPowerKw} is the highest charger power seen so far in this session. */
  record Charging(Instant since, Double startEnergyAddedKwh, Integer startBatteryLevel, double peakPowerKw)
      implements VehicleActivity {}

  /** Awake, parked, not charging; {@code since} is when the last change was seen. */
  record OnlineIdle(Instant since) implements VehicleActivity {}

  /**
   * Idle long enough, or a session just ended: no data calls for the sleep window so the car can
   * fall asleep, since a vehicle_data call resets its idle timer (FACTS.md, "Endpoints a poller
   * uses"). The free vehicle list keeps watching {@code state}. {@code lookedEarly}: the one early
   * look at a car that stayed online past its expected sleep has been spent for this idle stretch.
   * {@code chargeLikely}: the drive that just ended was long or left the battery low, so a charger
   * is likely plugged in within minutes: one look for it comes first.
   */
  record LettingSleep(Instant since, boolean lookedEarly, boolean chargeLikely) implements VehicleActivity {
    public LettingSleep(Instant since) {
      this(since, false, false);
    }

    public LettingSleep(Instant since, boolean lookedEarly) {
      this(since, lookedEarly, false);
    }
  }

  /** The list says asleep, or vehicle_data answered 408 (FACTS.md: asleep or offline). */
  record Asleep(Instant since) implements VehicleActivity {}

  /** The list says offline; also the state of a car not yet seen. */
  record Offline(Instant since) implements VehicleActivity {}

  /** vehicle_data failed in transport or with a 5xx, {@code failures} times in a row. */
  record Unreachable(Instant since, int failures) implements VehicleActivity {}

  /** No paid calls (token, triage or budget); {@code until} empty means until resumed. */
  record Paused(Instant since, Optional<Instant> until, String reason) implements VehicleActivity {}
}
