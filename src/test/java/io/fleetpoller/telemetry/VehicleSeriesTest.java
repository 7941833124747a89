package io.fleetpoller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.FleetConfig.Metrics.PerVehicle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-car series and their fleet-wide form, read back as Prometheus would scrape them. */
class VehicleSeriesTest {

  private static final List<String> STATES = List.of("driving", "charging", "asleep", "unknown");
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void perVehicleSeriesCarryTheVin() {
    VehicleSeries series = new VehicleSeries(registry, PerVehicle.ON, STATES);
    series.battery("VIN1", 80);
    series.state("VIN1", "driving");
    series.driveEnded("VIN1");

    assertThat(scrape()).contains(
        "fleet_vehicle_battery_level_percent{vehicle=\"VIN1\"} 80.0",
        "fleet_vehicle_state{state=\"driving\",vehicle=\"VIN1\"} 1.0",
        "fleet_vehicle_state{state=\"asleep\",vehicle=\"VIN1\"} 0.0",
        "fleet_drives_total{vehicle=\"VIN1\"} 1.0");
  }

  @Test
  void offGivesFleetWideSeriesThatCountStatesAndAverageBattery() {
    VehicleSeries series = new VehicleSeries(registry, PerVehicle.OFF, STATES);
    series.battery("VIN1", 80);
    series.battery("VIN2", 60);
    series.chargerPower("VIN1", 11);
    series.chargerPower("VIN2", 7);
    series.state("VIN1", "charging");
    series.state("VIN2", "charging");
    series.chargeEnded("VIN1", 12.5);
    series.chargeEnded("VIN2", 0);

    String scrape = scrape();
    assertThat(scrape).contains(
        "fleet_vehicle_battery_level_percent{vehicle=\"all\"} 70.0",
        "fleet_vehicle_charger_power_kw{vehicle=\"all\"} 18.0",
        "fleet_vehicle_state{state=\"charging\",vehicle=\"all\"} 2.0",
        "fleet_vehicle_state{state=\"driving\",vehicle=\"all\"} 0.0",
        "fleet_charge_sessions_total{vehicle=\"all\"} 2.0",
        "fleet_charge_energy_added_kwh_total{vehicle=\"all\"} 12.5");
    assertThat(vehicleLabels(scrape)).containsExactly("all");
  }

  @Test
  void autoLabelsCarsUntilTheLimitThenSwitchesToFleetWideForGood() {
    VehicleSeries series = new VehicleSeries(registry, PerVehicle.AUTO, STATES);
    IntStream.range(0, 999).forEach(i -> {
      series.state("VIN" + i, "asleep");
      series.driveEnded("VIN" + i);
    });
    assertThat(series.perCar()).isTrue();
    assertThat(vehicleLabels(scrape())).hasSize(999).contains("VIN0", "VIN998");

    series.state("VIN999", "driving");

    assertThat(series.perCar()).isFalse();
    String scrape = scrape();
    assertThat(vehicleLabels(scrape)).containsExactly("all");
    assertThat(scrape).contains(
        "fleet_vehicle_state{state=\"asleep\",vehicle=\"all\"} 999.0",
        "fleet_vehicle_state{state=\"driving\",vehicle=\"all\"} 1.0");

    series.driveEnded("VIN5");
    assertThat(scrape()).contains("fleet_drives_total{vehicle=\"all\"} 1.0");
    assertThat(vehicleLabels(scrape())).containsExactly("all");
  }

  @Test
  void aFleetWideGaugeWithNoReadingsYetIsNotANumber() {
    new VehicleSeries(registry, PerVehicle.OFF, STATES);
    assertThat(scrape()).contains("fleet_vehicle_battery_level_percent{vehicle=\"all\"} NaN");
  }

  private String scrape() {
    return registry.scrape();
  }

  private static Set<String> vehicleLabels(String scrape) {
    return Arrays.stream(scrape.split("\n")).filter(l -> !l.startsWith("#"))
        .flatMap(l -> java.util.regex.Pattern.compile("vehicle=\"([^\"]*)\"").matcher(l).results())
        .map(m -> m.group(1)).collect(Collectors.toSet());
  }
}
