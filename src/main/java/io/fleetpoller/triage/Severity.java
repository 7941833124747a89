package io.fleetpoller.triage;

import java.util.Locale;

/**
 * How urgently a person should look at a triage event. The rule, applied per {@link TriageReason}:
 *
 * <ul>
 *   <li>{@link #CRITICAL}: a whole account, a region or the whole app gets no data (or cannot be
 *       connected at all) until a person acts;
 *   <li>{@link #WARNING}: a part stops (one vehicle, one endpoint, commands, one login attempt) or
 *       the failure was not recognised, and a person should read it;
 *   <li>{@link #INFO}: the daemon recovers by itself; worth a look only when it repeats.
 * </ul>
 */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  /** Lower case, as in events: {@code info}, {@code warning}, {@code critical}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
