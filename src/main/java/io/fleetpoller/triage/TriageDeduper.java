package io.fleetpoller.triage;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * "Repeats of the same reason for the same account/vehicle within 5 minutes are counted into one
 * event, not re-published" (issue 6). Pure: time is the events' own {@code at}, never a clock.
 *
 * <p>The window is fixed, opened by a published event: repeats before it ends are counted, the
 * first one after it is published again (with how many were counted before), so a lasting
 * problem shows once per window rather than once ever. Memory is bounded: when {@code maxKeys}
 * keys are held, keys whose window has ended are dropped, then the oldest. Not thread-safe: one
 * verticle owns it.
 */
final class TriageDeduper {

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  static final int DEFAULT_MAX_KEYS = 10_000;

  /**
   * What to do with an offered event.
   *
   * @param publish true when the event opens a new window and should be published
   * @param occurrences events of this key in the current window, this one included (1 when published)
   * @param countedInPreviousWindow on a publish after an earlier window: how many repeats that window
   *     counted without publishing; 0 otherwise
   */
  record Decision(boolean publish, int occurrences, int countedInPreviousWindow) {}

  private record Key(TriageReason reason, String account, String vehicle) {}

  private static final class Window {
    final Instant start;
    int occurrences = 1;

    Window(Instant start) {
      this.start = start;
    }
  }

  private final Duration window;
  private final int maxKeys;
  /** Insertion order = order windows were opened (a reopened key is moved to the end). */
  private final Map<Key, Window> windows = new LinkedHashMap<>();

  TriageDeduper() {
    this(DEFAULT_WINDOW, DEFAULT_MAX_KEYS);
  }

  TriageDeduper(Duration window, int maxKeys) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
    }
    this.window = window;
    this.maxKeys = maxKeys;
  }

  Decision offer(TriageEvent event) {
    Key key = new Key(event.reason(), event.account(), event.vehicle());
    Window open = windows.get(key);
    // An event dated before its window's start (out of order) still belongs to it.
    if (open != null && event.at().isBefore(open.start.plus(window))) {
      open.occurrences++;
      return new Decision(false, open.occurrences, 0);
    }
    int counted = open == null ? 0 : open.occurrences - 1;
    windows.remove(key);
    makeRoom(event.at());
    windows.put(key, new Window(event.at()));
    return new Decision(true, 1, counted);
  }

  /** Keys held now; for tests of the bound. */
  int size() {
    return windows.size();
  }

  private void makeRoom(Instant now) {
    if (windows.size() < maxKeys) {
      return;
    }
    windows.values().removeIf(w -> !now.isBefore(w.start.plus(window)));
    Iterator<Window> oldest = windows.values().iterator();
    while (windows.size() >= maxKeys && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
