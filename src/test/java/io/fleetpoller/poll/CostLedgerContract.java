package io.fleetpoller.poll;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.config.ApiCallKind;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every {@link CostLedger} does; subclasses supply the ledger. */
abstract class CostLedgerContract {

  static final Instant MARCH = Instant.parse("2026-03-10T12:00:00Z");
  static final YearMonth MARCH_2026 = YearMonth.of(2026, 3);

  abstract CostLedger ledger();

  @Test
  void recordedCallsAddUpPerVehicleAccountAndKind() {
    CostLedger ledger = ledger();
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH.plusSeconds(60)));
    result(ledger.record("acct-1", "VIN1", ApiCallKind.WAKE_UP, 20_000, MARCH.plusSeconds(120)));
    result(ledger.record("acct-2", "VIN2", ApiCallKind.VEHICLE, 1_000, MARCH.plusSeconds(180)));

    LedgerMonth month = result(ledger.month(MARCH_2026));

    assertThat(month.month()).isEqualTo(MARCH_2026);
    assertThat(month.totalMicroUsd()).isEqualTo(25_000);
    assertThat(month.totalCalls()).isEqualTo(4);
    assertThat(month.microUsdByVehicle()).isEqualTo(Map.of("VIN1", 24_000L, "VIN2", 1_000L));
    assertThat(month.callsByVehicle()).isEqualTo(Map.of("VIN1", 3L, "VIN2", 1L));
    assertThat(month.microUsdByAccount()).isEqualTo(Map.of("acct-1", 24_000L, "acct-2", 1_000L));
    assertThat(month.callsByKind()).isEqualTo(Map.of("vehicle_data", 2L, "wake_up", 1L, "vehicle", 1L));
    assertThat(month.microUsdOf("VIN1")).isEqualTo(24_000);
    assertThat(month.callsOf("VIN2")).isEqualTo(1);
  }

  @Test
  void aCallAboutNoCarCountsInTotalsAccountAndKindButNoVehicle() {
    CostLedger ledger = ledger();
    result(ledger.record("acct-1", null, ApiCallKind.LIST, 1_000, MARCH));
    result(ledger.record("acct-1", null, ApiCallKind.TOKEN, 0, MARCH));

    LedgerMonth month = result(ledger.month(MARCH_2026));

    assertThat(month.totalCalls()).isEqualTo(2);
    assertThat(month.totalMicroUsd()).isEqualTo(1_000);
    assertThat(month.microUsdByVehicle()).isEmpty();
    assertThat(month.callsByVehicle()).isEmpty();
    assertThat(month.microUsdByAccount()).isEqualTo(Map.of("acct-1", 1_000L));
    assertThat(month.callsByKind()).isEqualTo(Map.of("list", 1L, "token", 1L));
    assertThat(month.microUsdOf(null)).isZero();
    assertThat(month.callsOf("VIN1")).isZero();
  }

  @Test
  void callsEitherSideOfMidnightUtcAtMonthEndLandInTheirOwnMonths() {
    CostLedger ledger = ledger();
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, Instant.parse("2026-03-31T23:59:59Z")));
    result(ledger.record("acct-1", "VIN1", ApiCallKind.WAKE_UP, 20_000, Instant.parse("2026-04-01T00:00:00Z")));

    LedgerMonth march = result(ledger.month(MARCH_2026));
    LedgerMonth april = result(ledger.month(YearMonth.of(2026, 4)));

    assertThat(march.totalCalls()).isEqualTo(1);
    assertThat(march.totalMicroUsd()).isEqualTo(2_000);
    assertThat(march.callsByKind()).containsOnlyKeys("vehicle_data");
    assertThat(april.totalCalls()).isEqualTo(1);
    assertThat(april.totalMicroUsd()).isEqualTo(20_000);
    assertThat(april.callsByKind()).containsOnlyKeys("wake_up");
  }

  @Test
  void anUnknownMonthIsAllZeros() {
    result(ledger().record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    assertThat(result(ledger().month(YearMonth.of(2025, 12)))).isEqualTo(LedgerMonth.empty(YearMonth.of(2025, 12)));
  }

  @Test
  void theMonthsMapsCannotBeChanged() {
    result(ledger().record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    LedgerMonth month = result(ledger().month(MARCH_2026));

    assertThatThrownBy(() -> month.microUsdByVehicle().put("VIN9", 1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> month.callsByKind().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badArgumentsFailTheFutureNamingTheArgumentAndRecordNothing() {
    CostLedger ledger = ledger();

    assertThat(failure(ledger.record(" ", "VIN1", ApiCallKind.VEHICLE_DATA, 1, MARCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
    assertThat(failure(ledger.record("acct-1", "", ApiCallKind.VEHICLE_DATA, 1, MARCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vehicle");
    assertThat(failure(ledger.record("acct-1", "VIN1", null, 1, MARCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
    assertThat(failure(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, -1, MARCH)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("microUsd");
    assertThat(failure(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 1, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at");
    assertThat(result(ledger.month(MARCH_2026)).totalCalls()).isZero();
  }
}
