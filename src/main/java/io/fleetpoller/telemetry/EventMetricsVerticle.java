package io.fleetpoller.telemetry;

import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.poll.VehicleActivity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns the daemon's events into the Prometheus meters of DESIGN.md ("Metrics"). Meter names are
 * a contract with the Grafana dashboards: Micrometer's Prometheus naming turns
 * {@code fleet.api.requests} into {@code fleet_api_requests_total}.
 */
public final class EventMetricsVerticle extends VerticleBase {

  /** The poller's activity labels (VehicleActivity.label()), plus unknown before the first list. */
  private static final List<String> STATES = java.util.stream.Stream.concat(
      VehicleActivity.LABELS.stream(), java.util.stream.Stream.of("unknown")).toList();

  private final MeterRegistry registry;
  private final Map<String, VehicleGauges> vehicles = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new java.util.ArrayList<>();

  public EventMetricsVerticle(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    consumers.add(vertx.eventBus().consumer(EventAddresses.API_CALL, m -> onApiCall(m.body())));
    consumers.add(vertx.eventBus().consumer(EventAddresses.VEHICLE_SNAPSHOT, m -> onSnapshot(m.body())));
    consumers.add(vertx.eventBus().consumer(EventAddresses.VEHICLE_STATE, m -> onState(m.body())));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private void onApiCall(JsonObject call) {
    String endpoint = call.getString("endpoint", "unknown");
    String status = String.valueOf(call.getInteger("status", 0));
    Counter.builder("fleet.api.requests")
        .description("Fleet API calls by endpoint kind and HTTP status (0 = no answer)")
        .tags("endpoint", endpoint, "status", status)
        .register(registry)
        .increment();
    Timer.builder("fleet.api.request")
        .description("Fleet API call latency")
        .tags("endpoint", endpoint)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(Duration.ofMillis(call.getLong("latency_ms", 0L)));
    long microUsd = call.getLong("cost_micro_usd", 0L);
    Counter.builder("fleet.api.cost.usd")
        .description("Fleet API spend in USD, priced with Tesla's list")
        .tags("account", call.getString("account", "unknown"), "kind", endpoint)
        .register(registry)
        .increment(PricingConfig.toUsd(microUsd));
  }

  private void onSnapshot(JsonObject snapshot) {
    VehicleGauges gauges = gaugesOf(snapshot.getString("vehicle"));
    setIfPresent(gauges.battery, snapshot.getValue("battery_level"));
    setIfPresent(gauges.odometer, snapshot.getValue("odometer_miles"));
    setIfPresent(gauges.chargerPower, snapshot.getValue("charger_power_kw"));
  }

  /** Activity changes move the state gauge; ended sessions are counted with what they added. */
  private void onState(JsonObject change) {
    String vin = change.getString("vehicle", "unknown");
    switch (change.getString("type", "")) {
      case "state" -> gaugesOf(vin).state.set(change.getString("to", "unknown"));
      case "drive_ended" -> Counter.builder("fleet.drives")
          .description("Drives seen to end, per vehicle")
          .tag("vehicle", vin)
          .register(registry)
          .increment();
      case "charge_ended" -> {
        Counter.builder("fleet.charge.sessions")
            .description("Charging sessions seen to end, per vehicle")
            .tag("vehicle", vin)
            .register(registry)
            .increment();
        if (change.getValue("energy_added_kwh") instanceof Number kwh && kwh.doubleValue() > 0) {
          Counter.builder("fleet.charge.energy.added.kwh")
              .description("Energy added by ended charging sessions (charge_energy_added), per vehicle")
              .tag("vehicle", vin)
              .register(registry)
              .increment(kwh.doubleValue());
        }
      }
      default -> { }
    }
  }

  private static void setIfPresent(AtomicReference<Double> target, Object value) {
    if (value instanceof Number number) {
      target.set(number.doubleValue());
    }
  }

  private VehicleGauges gaugesOf(String vin) {
    return vehicles.computeIfAbsent(vin, this::registerVehicle);
  }

  private VehicleGauges registerVehicle(String vin) {
    VehicleGauges gauges = new VehicleGauges();
    Gauge.builder("fleet.vehicle.battery.level.percent", gauges.battery, r -> value(r.get()))
        .description("Battery level from the last snapshot").tag("vehicle", vin).register(registry);
    Gauge.builder("fleet.vehicle.odometer.miles", gauges.odometer, r -> value(r.get()))
        .description("Odometer from the last snapshot").tag("vehicle", vin).register(registry);
    Gauge.builder("fleet.vehicle.charger.power.kw", gauges.chargerPower, r -> value(r.get()))
        .description("Charger power from the last snapshot").tag("vehicle", vin).register(registry);
    for (String state : STATES) {
      Gauge.builder("fleet.vehicle.state", gauges.state, s -> state.equals(s.get()) ? 1 : 0)
          .description("1 for the vehicle's current state, 0 for the others")
          .tags("vehicle", vin, "state", state)
          .register(registry);
    }
    return gauges;
  }

  private static double value(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static final class VehicleGauges {
    final AtomicReference<Double> battery = new AtomicReference<>();
    final AtomicReference<Double> odometer = new AtomicReference<>();
    final AtomicReference<Double> chargerPower = new AtomicReference<>();
    final AtomicReference<String> state = new AtomicReference<>("unknown");
  }
}
