package io.fleetpoller.clock;

import java.time.Duration;
import java.time.Instant;

/** A clock a test moves by hand; timers still run on real time at {@link #speed()}. */
public final class ManualClock implements FleetClock {

  private Instant now;
  private final double speed;

  public ManualClock(Instant start) {
    this(start, 1.0);
  }

  public ManualClock(Instant start, double speed) {
    this.now = start;
    this.speed = speed;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public double speed() {
    return speed;
  }

  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }

  public synchronized void set(Instant instant) {
    now = instant;
  }
}
