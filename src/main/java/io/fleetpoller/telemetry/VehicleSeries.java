package io.fleetpoller.telemetry;

import io.fleetpoller.config.FleetConfig.Metrics.PerVehicle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The series about cars (DESIGN.md "Metrics": state, battery, odometer, charger power, and the
 * drive and charge counters), labelled {@code vehicle="VIN"} for a fleet small enough to afford one
 * set per car, or fleet-wide as {@code vehicle="all"} for a large one ({@code metrics.perVehicle}).
 * Fleet-wide, {@code fleet_vehicle_state} counts the cars in each state, battery is the mean,
 * odometer and charger power are sums, so {@code sum by (state)} and {@code sum} queries read the
 * same in both modes. Under {@code auto}, the switch happens once, when the limit-th car appears:
 * every per-car series is removed so the label set stays bounded from then on.
 *
 * <p>Fed from one event loop (EventMetricsVerticle's); scrapes read the gauges from other threads,
 * hence the concurrent map and volatile readings.
 */
final class VehicleSeries {

  static final String FLEET = "all";

  private final MeterRegistry registry;
  private final PerVehicle mode;
  private final List<String> states;
  /** The latest readings of every car seen, kept in both modes (a few numbers a car). */
  private final Map<String, CarReadings> cars = new ConcurrentHashMap<>();
  /** Every meter this class registered, so a switch to fleet-wide can remove the per-car ones. */
  private final Set<Meter.Id> registered = ConcurrentHashMap.newKeySet();
  private boolean perCar;

  VehicleSeries(MeterRegistry registry, PerVehicle mode, List<String> states) {
    this.registry = registry;
    this.mode = mode;
    this.states = List.copyOf(states);
    this.perCar = mode.labelsEachVehicle(0);
    if (!perCar) {
      registerFleetGauges();
    }
  }

  /** Whether series are labelled by car right now. */
  boolean perCar() {
    return perCar;
  }

  void battery(String vin, double percent) {
    readings(vin).battery = percent;
  }

  void odometer(String vin, double miles) {
    readings(vin).odometer = miles;
  }

  void chargerPower(String vin, double kw) {
    readings(vin).chargerPower = kw;
  }

  void state(String vin, String state) {
    readings(vin).state = Objects.requireNonNullElse(state, "unknown");
  }

  void driveEnded(String vin) {
    counter("fleet.drives", "Drives seen to end", vin).increment();
  }

  void chargeEnded(String vin, double energyAddedKwh) {
    counter("fleet.charge.sessions", "Charging sessions seen to end", vin).increment();
    if (energyAddedKwh > 0) {
      counter("fleet.charge.energy.added.kwh", "Energy added by ended charging sessions (charge_energy_added)", vin)
          .increment(energyAddedKwh);
    }
  }

  private CarReadings readings(String vin) {
    CarReadings known = cars.get(vin);
    if (known != null) {
      return known;
    }
    CarReadings added = new CarReadings();
    cars.put(vin, added);
    if (perCar && !mode.labelsEachVehicle(cars.size())) {
      switchToFleetWide();
    } else if (perCar) {
      registerCarGauges(vin, added);
    }
    return added;
  }

  private Counter counter(String name, String description, String vin) {
    readings(vin);
    Counter counter = Counter.builder(name)
        .description(description + (perCar ? ", per vehicle" : ", whole fleet"))
        .tag("vehicle", perCar ? vin : FLEET)
        .register(registry);
    remember(counter);
    return counter;
  }

  private void switchToFleetWide() {
    perCar = false;
    registered.forEach(registry::remove);
    registered.clear();
    registerFleetGauges();
  }

  private void registerCarGauges(String vin, CarReadings car) {
    gauge("fleet.vehicle.battery.level.percent", "Battery level from the last snapshot", vin, car, c -> c.battery);
    gauge("fleet.vehicle.odometer.miles", "Odometer from the last snapshot", vin, car, c -> c.odometer);
    gauge("fleet.vehicle.charger.power.kw", "Charger power from the last snapshot", vin, car, c -> c.chargerPower);
    for (String state : states) {
      remember(Gauge.builder("fleet.vehicle.state", car, c -> state.equals(c.state) ? 1 : 0)
          .description("1 for the vehicle's current state, 0 for the others")
          .tags("vehicle", vin, "state", state)
          .register(registry));
    }
  }

  private void registerFleetGauges() {
    gauge("fleet.vehicle.battery.level.percent", "Mean battery level over the fleet's last snapshots", FLEET,
        this, s -> s.mean(c -> c.battery));
    gauge("fleet.vehicle.odometer.miles", "Sum of the fleet's odometers", FLEET, this, s -> s.sum(c -> c.odometer));
    gauge("fleet.vehicle.charger.power.kw", "Sum of the fleet's charger power", FLEET, this,
        s -> s.sum(c -> c.chargerPower));
    for (String state : states) {
      remember(Gauge.builder("fleet.vehicle.state", this, s -> s.count(state))
          .description("Cars in each state (fleet-wide: metrics.perVehicle is off)")
          .tags("vehicle", FLEET, "state", state)
          .register(registry));
    }
  }

  private <T> void gauge(String name, String description, String vin, T source, ToDoubleFunction<T> value) {
    remember(Gauge.builder(name, source, value).description(description).tag("vehicle", vin).register(registry));
  }

  private void remember(Meter meter) {
    registered.add(meter.getId());
  }

  private double mean(ToDoubleFunction<CarReadings> reading) {
    return cars.values().stream().mapToDouble(reading).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
  }

  private double sum(ToDoubleFunction<CarReadings> reading) {
    return cars.values().stream().mapToDouble(reading).filter(d -> !Double.isNaN(d)).sum();
  }

  private double count(String state) {
    return cars.values().stream().filter(c -> state.equals(c.state)).count();
  }

  /** One car's latest readings; NaN until a snapshot has the value. Written on one event loop. */
  private static final class CarReadings {
    volatile double battery = Double.NaN;
    volatile double odometer = Double.NaN;
    volatile double chargerPower = Double.NaN;
    volatile String state = "unknown";
  }
}
