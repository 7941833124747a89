package io.fleetpoller.sim;

import io.fleetpoller.sim.PlannedActivity.Drive;
import io.fleetpoller.sim.PlannedActivity.FastCharge;
import io.fleetpoller.sim.PlannedActivity.HomeCharge;
import io.fleetpoller.sim.PlannedActivity.OfflinePeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One car's intentions for one UTC day, a pure function of the seed, the car and the day number.
 *
 * <p>The windows are laid out so activities never overlap and every day starts and ends at home:
 * morning commute 06:30–10:00; then one of a long drive with a DC fast charge (11:00–14:45), an
 * offline period at work (ends by 14:00) or an errand (11:30–15:30), or nothing; evening commute
 * 16:30–20:00; plugging in at home by 20:20. Times are UTC and treated as the car's local time.
 */
final class DailyPlan {

  static final long SECONDS_PER_DAY = 86_400;

  private DailyPlan() {}

  static List<PlannedActivity> of(long seed, VehicleTraits car, long epochDay) {
    SplittableRandom random = new SplittableRandom(
        seed * 0xD1B54A32D192ED03L ^ (car.index() + 1) * 0x94D049BB133111EBL ^ epochDay * 0x2545F4914F6CDD1DL);
    Instant midnight = Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY);
    List<PlannedActivity> day = new ArrayList<>();

    Drive morning = drive(random, midnight, minutes(6, 30) + random.nextInt(151), driveMinutes(random),
        car.home(), car.work());
    day.add(morning);

    double kind = random.nextDouble();
    if (kind < 0.12) {
      // A long drive day: out to a fast charger, charge, back to work.
      Place charger = car.work().offset(random.nextDouble(-0.4, 0.4), random.nextDouble(-0.4, 0.4));
      Drive out = drive(random, midnight, minutes(11, 0) + random.nextInt(61), 45 + random.nextInt(16),
          car.work(), charger);
      Instant chargeStart = out.end().plusSeconds(180);
      Instant chargeEnd = chargeStart.plusSeconds(60L * (15 + random.nextInt(26)));
      FastCharge fast = new FastCharge(chargeStart, chargeEnd, 50 + random.nextInt(101), 80);
      Instant backStart = chargeEnd.plusSeconds(120);
      Drive back = new Drive(backStart, backStart.plusSeconds(60L * (45 + random.nextInt(16))),
          speedMph(random), charger, charger.toward(car.work(), 0.5), car.work(), false);
      day.add(out);
      day.add(fast);
      day.add(back);
    } else if (kind < 0.32) {
      Instant start = morning.end().plusSeconds(60L * (20 + random.nextInt(41)));
      day.add(new OfflinePeriod(start, start.plusSeconds(60L * (60 + random.nextInt(121)))));
    } else if (kind < 0.62) {
      Place shop = car.work().offset(random.nextDouble(-0.05, 0.05), random.nextDouble(-0.05, 0.05));
      int start = minutes(11, 30) + random.nextInt(181);
      int length = driveMinutes(random);
      Instant begin = midnight.plusSeconds(60L * start);
      day.add(new Drive(begin, begin.plusSeconds(60L * length), speedMph(random), car.work(), shop,
          car.work(), random.nextDouble() < 0.1));
    }

    Drive evening = drive(random, midnight, minutes(16, 30) + random.nextInt(151), driveMinutes(random),
        car.work(), car.home());
    day.add(evening);
    day.add(new HomeCharge(evening.end().plusSeconds(60L * (2 + random.nextInt(19))), car.homeChargeKw(),
        car.chargeLimitPercent(), car.chargeBelowPercent()));
    return List.copyOf(day);
  }

  private static Drive drive(SplittableRandom random, Instant midnight, int startMinute, int lengthMinutes,
      Place from, Place to) {
    Instant start = midnight.plusSeconds(60L * startMinute);
    return new Drive(start, start.plusSeconds(60L * lengthMinutes), speedMph(random), from,
        from.toward(to, 0.5), to, random.nextDouble() < 0.1);
  }

  /** 10–60 minutes, mostly short: the square skews toward the lower end. */
  private static int driveMinutes(SplittableRandom random) {
    double u = random.nextDouble();
    return 10 + (int) Math.round(50 * u * u);
  }

  private static double speedMph(SplittableRandom random) {
    return 20 + random.nextDouble() * 55;
  }

  private static int minutes(int hour, int minute) {
    return hour * 60 + minute;
  }
}
