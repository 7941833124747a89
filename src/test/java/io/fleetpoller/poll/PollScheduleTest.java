package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private final PollSchedule schedule = new PollSchedule();

  @Test
  void dueVehiclesComeOutEarliestFirstAndOnlyOnce() {
    schedule.schedule("B", T0.plusSeconds(20));
    schedule.schedule("A", T0.plusSeconds(10));
    schedule.schedule("C", T0.plusSeconds(30));

    assertThat(schedule.nextDue()).contains(T0.plusSeconds(10));
    assertThat(vehicles(schedule.takeDue(T0.plusSeconds(25)))).containsExactly("A", "B");
    assertThat(vehicles(schedule.takeDue(T0.plusSeconds(25)))).isEmpty();
    assertThat(schedule.nextDue()).contains(T0.plusSeconds(30));
    assertThat(schedule.size()).isEqualTo(1);
  }

  @Test
  void reschedulingReplacesTheEarlierEntryAndCancelRemovesIt() {
    schedule.schedule("A", T0.plusSeconds(10));
    schedule.schedule("A", T0.plusSeconds(50));
    schedule.schedule("B", T0.plusSeconds(20));
    schedule.cancel("B");

    assertThat(vehicles(schedule.takeDue(T0.plusSeconds(30)))).isEmpty();
    assertThat(schedule.nextDue()).contains(T0.plusSeconds(50));
    assertThat(schedule.dueAt("A")).contains(T0.plusSeconds(50));
    assertThat(schedule.dueAt("B")).isEmpty();
  }

  @Test
  void tenThousandVehiclesRescheduledManyTimesKeepOneEntryEachAndComeOutInOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      for (int v = 0; v < 10_000; v++) {
        schedule.schedule("V" + v, T0.plusSeconds(random.nextInt(86_400)));
      }
    }
    assertThat(schedule.size()).isEqualTo(10_000);
    java.util.Map<String, Instant> lastScheduled = new java.util.HashMap<>();
    for (int v = 0; v < 10_000; v++) {
      lastScheduled.put("V" + v, schedule.dueAt("V" + v).orElseThrow());
    }

    List<String> all = vehicles(schedule.takeDue(T0.plusSeconds(86_400)));

    assertThat(all).hasSize(10_000).doesNotHaveDuplicates();
    List<Instant> times = new ArrayList<>();
    all.forEach(v -> times.add(lastScheduled.get(v)));
    assertThat(times).isSorted();
    assertThat(schedule.nextDue()).isEmpty();
  }

  private static List<String> vehicles(List<PollSchedule.Due> due) {
    return due.stream().map(PollSchedule.Due::vehicle).toList();
  }
}
