package io.fleetpoller.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time for the daemon and the simulator.
 *
 * <p>Simulated time may run faster than real time ({@code --speed X}) so a benchmark replays a
 * simulated day in minutes; both sides of a test must share one clock so their notions of "now" and
 * of a duration agree. Everything that schedules a timer converts the simulated delay with
 * {@link #realMillis(Duration)}.
 */
public interface FleetClock {

  /** The current simulated instant. */
  Instant now();

  /** How many times faster than real time this clock runs (1 for the wall clock). */
  double speed();

  /**
   * Real milliseconds to wait for a simulated duration; at least 1 so it can be given to a Vert.x
   * timer.
   */
  default long realMillis(Duration simulated) {
    double real = simulated.toNanos() / 1_000_000.0 / speed();
    return Math.max(1L, (long) Math.ceil(real));
  }

  /** The simulated duration that passes while {@code realMillis} of real time pass. */
  default Duration simulated(long realMillis) {
    return Duration.ofNanos((long) (realMillis * 1_000_000.0 * speed()));
  }

  /** The wall clock. */
  static FleetClock system() {
    return new ScaledClock(1.0, Instant.now(), System.nanoTime());
  }

  /** A clock that starts at {@code start} now and runs {@code speed} times faster than real time. */
  static FleetClock scaled(double speed, Instant start) {
    return new ScaledClock(speed, start, System.nanoTime());
  }
}
