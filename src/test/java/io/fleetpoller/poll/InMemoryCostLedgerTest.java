package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.ApiCallKind;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class InMemoryCostLedgerTest extends CostLedgerContract {

  private final InMemoryCostLedger ledger = new InMemoryCostLedger();

  @Override
  CostLedger ledger() {
    return ledger;
  }

  @Test
  void futuresAreAlreadyComplete() {
    assertThat(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 1, MARCH).succeeded()).isTrue();
    assertThat(ledger.month(MARCH_2026).succeeded()).isTrue();
  }

  @Test
  void aMonthReadEarlierDoesNotChangeWithLaterRecords() {
    ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 1, MARCH);
    LedgerMonth before = ledger.month(MARCH_2026).result();

    ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 1, MARCH);

    assertThat(before.totalCalls()).isEqualTo(1);
    assertThat(before.callsOf("VIN1")).isEqualTo(1);
    assertThat(ledger.month(MARCH_2026).result().callsOf("VIN1")).isEqualTo(2);
  }

  @Test
  void monthOfIsTheUtcCalendarMonth() {
    assertThat(CostLedger.monthOf(Instant.parse("2026-03-31T23:59:59.999Z"))).isEqualTo(YearMonth.of(2026, 3));
    assertThat(CostLedger.monthOf(Instant.parse("2026-04-01T00:00:00Z"))).isEqualTo(YearMonth.of(2026, 4));
  }
}
