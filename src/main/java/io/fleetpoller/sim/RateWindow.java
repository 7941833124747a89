package io.fleetpoller.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** A trailing-window request counter: at most {@code limit} accepted calls per {@code window}. */
final class RateWindow {

  private final int limit;
  private final Duration window;
  private final Deque<Instant> accepted = new ArrayDeque<>();

  RateWindow(int limit, Duration window) {
    this.limit = limit;
    this.window = window;
  }

  /**
   * Records a call at {@code now} if the window has room and returns 0, else returns the whole
   * seconds (at least 1) until the oldest counted call leaves the window, without recording.
   */
  long tryAcquire(Instant now) {
    Instant horizon = now.minus(window);
    while (!accepted.isEmpty() && !accepted.peekFirst().isAfter(horizon)) {
      accepted.removeFirst();
    }
    if (accepted.size() < limit) {
      accepted.addLast(now);
      return 0;
    }
    long millis = Duration.between(now, accepted.peekFirst().plus(window)).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }
}
