package io.fleetpoller.poll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * When each vehicle is due next, for thousands of vehicles behind one timer: a priority queue by
 * due time with lazy removal (a rescheduled vehicle leaves its old entry behind, skipped when it
 * surfaces). O(log n) per change. Not thread-safe: the poller uses it on its event loop only.
 */
public final class PollSchedule {

  /** A vehicle that came due, and when it was due (the difference to now is the schedule's lag). */
  public record Due(String vehicle, Instant at) {}

  private record Entry(Instant at, String vehicle, long sequence) {}

  private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
    int byTime = a.at().compareTo(b.at());
    return byTime != 0 ? byTime : Long.compare(a.sequence(), b.sequence());
  });
  private final Map<String, Entry> current = new HashMap<>();
  private long sequence;

  /** Due at {@code at}, replacing whatever was scheduled for this vehicle before. */
  public void schedule(String vehicle, Instant at) {
    Entry entry = new Entry(at, vehicle, sequence++);
    current.put(vehicle, entry);
    queue.add(entry);
    compactIfMostlyStale();
  }

  public void cancel(String vehicle) {
    current.remove(vehicle);
  }

  public Optional<Instant> nextDue() {
    dropStaleHead();
    Entry head = queue.peek();
    return head == null ? Optional.empty() : Optional.of(head.at());
  }

  /** Removes and returns the vehicles due at or before {@code now}, earliest first. */
  public List<Due> takeDue(Instant now) {
    List<Due> due = new ArrayList<>();
    dropStaleHead();
    while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
      Entry entry = queue.poll();
      if (current.get(entry.vehicle()) == entry) {
        current.remove(entry.vehicle());
        due.add(new Due(entry.vehicle(), entry.at()));
      }
      dropStaleHead();
    }
    return due;
  }

  public Optional<Instant> dueAt(String vehicle) {
    Entry entry = current.get(vehicle);
    return entry == null ? Optional.empty() : Optional.of(entry.at());
  }

  public int size() {
    return current.size();
  }

  private void dropStaleHead() {
    while (!queue.isEmpty() && current.get(queue.peek().vehicle()) != queue.peek()) {
      queue.poll();
    }
  }

  /** Bounds memory when vehicles are rescheduled far more often than they come due. */
  private void compactIfMostlyStale() {
    if (queue.size() > 64 && queue.size() > 4 * current.size()) {
      queue.clear();
      queue.addAll(current.values());
    }
  }
}
