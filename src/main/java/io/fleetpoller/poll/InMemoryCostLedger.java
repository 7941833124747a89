package io.fleetpoller.poll;

import io.fleetpoller.config.ApiCallKind;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link CostLedger} of embedded mode (one instance, no Redis): months kept in memory, lost on
 * restart. Every method is synchronized, so it is safe from any thread; the futures it returns are
 * already complete.
 */
public final class InMemoryCostLedger implements CostLedger {

  private final Map<YearMonth, Tally> months = new HashMap<>();

  @Override
  public synchronized Future<Void> record(String account, String vehicle, ApiCallKind kind, long microUsd,
      Instant at) {
    try {
      checkRecord(account, vehicle, kind, microUsd, at);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    months.computeIfAbsent(CostLedger.monthOf(at), month -> new Tally()).add(account, vehicle, kind, microUsd);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<LedgerMonth> month(YearMonth month) {
    if (month == null) {
      return Future.failedFuture(new IllegalArgumentException("month must not be null"));
    }
    Tally tally = months.get(month);
    return Future.succeededFuture(tally == null ? LedgerMonth.empty(month) : tally.toMonth(month));
  }

  @Override
  public String toString() {
    return "InMemoryCostLedger";
  }

  /**
   * The checks both ledgers make before recording, so embedded and distributed mode refuse the same
   * input.
   *
   * @throws IllegalArgumentException naming the offending argument
   */
  static void checkRecord(String account, String vehicle, ApiCallKind kind, long microUsd, Instant at) {
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("account must not be null or blank");
    }
    if (vehicle != null && vehicle.isBlank()) {
      throw new IllegalArgumentException("vehicle must be null (a call about no car) or not blank");
    }
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (microUsd < 0) {
      throw new IllegalArgumentException("microUsd must be >= 0, was " + microUsd);
    }
    if (at == null) {
      throw new IllegalArgumentException("at must not be null");
    }
  }

  private static final class Tally {
    long totalMicroUsd;
    long totalCalls;
    final Map<String, Long> microUsdByVehicle = new HashMap<>();
    final Map<String, Long> callsByVehicle = new HashMap<>();
    final Map<String, Long> microUsdByAccount = new HashMap<>();
    final Map<String, Long> callsByKind = new HashMap<>();

    void add(String account, String vehicle, ApiCallKind kind, long microUsd) {
      totalMicroUsd += microUsd;
      totalCalls++;
      if (vehicle != null) {
        microUsdByVehicle.merge(vehicle, microUsd, Long::sum);
        callsByVehicle.merge(vehicle, 1L, Long::sum);
      }
      microUsdByAccount.merge(account, microUsd, Long::sum);
      callsByKind.merge(kind.wireName(), 1L, Long::sum);
    }

    LedgerMonth toMonth(YearMonth month) {
      return new LedgerMonth(month, totalMicroUsd, totalCalls, microUsdByVehicle, callsByVehicle,
          microUsdByAccount, callsByKind);
    }
  }
}
