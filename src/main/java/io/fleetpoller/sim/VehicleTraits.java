package io.fleetpoller.sim;

import java.util.SplittableRandom;

/** What stays the same about one simulated car, derived from the seed and its index alone. */
record VehicleTraits(
    int index,
    String vin,
    long id,
    long vehicleId,
    String displayName,
    String carType,
    Place home,
    Place work,
    double packKwh,
    int chargeLimitPercent,
    double homeChargeKw,
    int chargeBelowPercent,
    double initialBatteryPercent,
    double initialOdometerMiles,
    double climateBaseCelsius) {

  private static final String[] NAMES = {
    "Sparky", "Voltaire", "Blue Thunder", "Ohm Run", "Silent Bob", "Tessie", "Roadrunner",
    "Watt Ever", "Red Rocket", "Nikola"
  };
  private static final String[] CAR_TYPES = {"model3", "modely", "models", "modelx"};
  /** A city to scatter homes around (Austin, TX); only distances matter to the product. */
  private static final Place CITY = new Place(30.2672, -97.7431);

  static VehicleTraits of(long seed, int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
    String carType = CAR_TYPES[random.nextInt(CAR_TYPES.length)];
    char model = Character.toUpperCase(carType.charAt(5));
    // 5YJ (Tesla, Fremont) + model + body/restraint + check digit + year P (2023) + plant F + serial;
    // the serial is the index so every VIN of a simulator is distinct.
    String vin = "5YJ" + model + "E1EA" + random.nextInt(10) + "PF" + String.format("%06d", 100_000 + index);
    long id = 3_744_000_000_000_000L + Math.floorMod(seed * 1_000_003 + index * 7_777_777L, 100_000_000_000L) + index;
    long vehicleId = 1_492_000_000L + Math.floorMod(seed * 31 + index * 13_579L, 100_000_000L) + index;
    Place home = CITY.offset(random.nextDouble(-0.15, 0.15), random.nextDouble(-0.15, 0.15));
    Place work = CITY.offset(random.nextDouble(-0.06, 0.06), random.nextDouble(-0.06, 0.06));
    return new VehicleTraits(
        index,
        vin,
        id,
        vehicleId,
        NAMES[index % NAMES.length] + (index >= NAMES.length ? " " + (index / NAMES.length + 1) : ""),
        carType,
        home,
        work,
        75.0,
        80 + random.nextInt(11),
        7 + random.nextInt(5),
        55 + random.nextInt(21),
        35 + random.nextInt(51),
        5_000 + random.nextInt(40_000) + random.nextDouble(),
        10 + random.nextInt(15));
  }
}
