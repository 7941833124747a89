package io.fleetpoller.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perMinute} vehicle_data calls per vehicle in any sliding minute
 * ({@code polling.rateLimit.dataPerMinutePerVehicle}), whatever the policy asks: Tesla publishes no
 * per-minute figure and calls a 429 "an indication of faulty application logic" (FACTS.md, "Money
 * and limits"), so the poller keeps its own bound rather than learning it from 429s. Pure: instants are given. Not thread-safe:
 * the poller uses it on its event loop.
 */
final class DataCallWindow {

  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final int perMinute;
  private final Map<String, Deque<Instant>> callsByVehicle = new HashMap<>();

  DataCallWindow(int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be >= 1, got " + perMinute);
    }
    this.perMinute = perMinute;
  }

  /** When the vehicle may be called next: {@code now} if the last minute has room. */
  Instant allowedAt(String vehicle, Instant now) {
    Deque<Instant> calls = callsByVehicle.get(vehicle);
    if (calls == null) {
      return now;
    }
    dropOlderThanWindow(calls, now);
    if (calls.size() < perMinute) {
      return now;
    }
    return calls.peekFirst().plus(WINDOW);
  }

  void record(String vehicle, Instant at) {
    Deque<Instant> calls = callsByVehicle.computeIfAbsent(vehicle, v -> new ArrayDeque<>());
    dropOlderThanWindow(calls, at);
    calls.addLast(at);
  }

  void forget(String vehicle) {
    callsByVehicle.remove(vehicle);
  }

  private static void dropOlderThanWindow(Deque<Instant> calls, Instant now) {
    Instant horizon = now.minus(WINDOW);
    while (!calls.isEmpty() && !calls.peekFirst().isAfter(horizon)) {
      calls.removeFirst();
    }
  }
}
