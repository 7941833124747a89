package io.fleetpoller.clock;

import java.time.Instant;

/** Simulated time = start + (real time elapsed since creation) × speed, from the monotonic clock. */
final class ScaledClock implements FleetClock {

  private final double speed;
  private final Instant start;
  private final long startNanos;

  ScaledClock(double speed, Instant start, long startNanos) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("clock speed must be a positive number, got " + speed);
    }
    this.speed = speed;
    this.start = start;
    this.startNanos = startNanos;
  }

  @Override
  public Instant now() {
    long elapsedReal = System.nanoTime() - startNanos;
    return start.plusNanos((long) (elapsedReal * speed));
  }

  @Override
  public double speed() {
    return speed;
  }
}
