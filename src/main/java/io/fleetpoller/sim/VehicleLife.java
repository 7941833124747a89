package io.fleetpoller.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sequence of one car's planned activities across days, computed a day at a time on demand. */
final class VehicleLife {

  private static final int CACHED_DAYS = 4;

  private final long seed;
  private final VehicleTraits traits;
  private final Map<Long, List<PlannedActivity>> days =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<PlannedActivity>> eldest) {
          return size() > CACHED_DAYS;
        }
      };

  VehicleLife(long seed, VehicleTraits traits) {
    this.seed = seed;
    this.traits = traits;
  }

  List<PlannedActivity> day(long epochDay) {
    return days.computeIfAbsent(epochDay, d -> DailyPlan.of(seed, traits, d));
  }

  /** The first planned activity that starts strictly after {@code after}; every day has some. */
  PlannedActivity nextAfter(Instant after) {
    long day = Math.floorDiv(after.getEpochSecond(), DailyPlan.SECONDS_PER_DAY);
    for (long d = day; ; d++) {
      for (PlannedActivity activity : day(d)) {
        if (activity.start().isAfter(after)) {
          return activity;
        }
      }
    }
  }
}
