package io.fleetpoller.poll;

import io.fleetpoller.config.ApiCallKind;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The month's spend on the Fleet API, shared by every poller instance so a monthly budget paces
 * them all: {@link InMemoryCostLedger} in embedded mode, {@link RedisCostLedger} (one hash per
 * month) in distributed mode. Months are calendar months in UTC, as Tesla bills them.
 */
public interface CostLedger {

  /**
   * Adds one priced API call to the month of {@code at} (UTC). {@code vehicle} is null for a call
   * not about one car (list, token, region); {@code microUsd} may be 0 (a free call still counts).
   */
  Future<Void> record(String account, String vehicle, ApiCallKind kind, long microUsd, Instant at);

  /** The month's totals so far. An unknown month is all zeros. */
  Future<LedgerMonth> month(YearMonth month);

  /** The ledger month {@code at} falls in (UTC). */
  static YearMonth monthOf(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC));
  }
}
