package io.fleetpoller.cli;

import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.poll.TrackedVehicle;
import io.fleetpoller.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The demo's console table: one line per vehicle, plain text, fixed columns. */
final class StatusTable {

  private static final String ROW = "%-17s  %-13s  %7s  %-10s  %-10s  %5s  %8s%n";

  private StatusTable() {}

  static String render(List<TrackedVehicle> vehicles, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(ROW, "VEHICLE", "STATE", "BATTERY", "LAST POLL", "NEXT POLL", "CALLS", "USD"));
    long calls = 0;
    long microUsd = 0;
    for (TrackedVehicle v : vehicles) {
      out.append(String.format(ROW,
          v.vin(),
          v.activity() != null ? v.activity() : v.state().name().toLowerCase(),
          v.batteryLevel() == null ? "-" : v.batteryLevel() + " %",
          v.lastDataAt() == null ? "never" : ago(Duration.between(v.lastDataAt(), now)),
          v.nextPollAt() == null ? "on wake" : in(Duration.between(now, v.nextPollAt())),
          v.calls(),
          String.format("%.3f", PricingConfig.toUsd(v.microUsd()))));
      calls += v.calls();
      microUsd += v.microUsd();
    }
    out.append(String.format(ROW, "TOTAL", "", "", "", "", calls, String.format("%.3f", PricingConfig.toUsd(microUsd))));
    return out.toString();
  }

  private static String ago(Duration d) {
    return Durations.brief(d) + " ago";
  }

  private static String in(Duration d) {
    return d.isNegative() || d.isZero() ? "due" : "in " + Durations.brief(d);
  }
}
