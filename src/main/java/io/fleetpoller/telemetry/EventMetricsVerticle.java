package io.fleetpoller.telemetry;

import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.poll.VehicleActivity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

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
  private final VehicleSeries vehicles;
  private final List<MessageConsumer<JsonObject>> consumers = new java.util.ArrayList<>();

  /** @param perVehicle {@code metrics.perVehicle}: whether car series are labelled by VIN */
  public EventMetricsVerticle(MeterRegistry registry, FleetConfig.Metrics.PerVehicle perVehicle) {
    this.registry = registry;
    this.vehicles = new VehicleSeries(registry, perVehicle, STATES);
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
    String vin = snapshot.getString("vehicle", "unknown");
    if (snapshot.getValue("battery_level") instanceof Number n) {
      vehicles.battery(vin, n.doubleValue());
    }
    if (snapshot.getValue("odometer_miles") instanceof Number n) {
      vehicles.odometer(vin, n.doubleValue());
    }
    if (snapshot.getValue("charger_power_kw") instanceof Number n) {
      vehicles.chargerPower(vin, n.doubleValue());
    }
  }

  /** Activity changes move the state gauge; ended sessions are counted with what they added. */
  private void onState(JsonObject change) {
    String vin = change.getString("vehicle", "unknown");
    switch (change.getString("type", "")) {
      case "state" -> vehicles.state(vin, change.getString("to", "unknown"));
      case "drive_ended" -> vehicles.driveEnded(vin);
      case "charge_ended" -> vehicles.chargeEnded(vin,
          change.getValue("energy_added_kwh") instanceof Number kwh ? kwh.doubleValue() : 0);
      default -> { }
    }
  }
}
