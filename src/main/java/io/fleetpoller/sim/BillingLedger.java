package io.fleetpoller.sim;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.config.PricingConfig;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What the simulated fleet's API calls would cost: counts per kind and status, micro-USD, per
 * vehicle and per account. Every answered status below 500 is billed, as Tesla bills (FACTS.md,
 * "Money and limits"); a dropped connection has no status and costs nothing. Calls that fail
 * authentication identify no app to bill and are only counted. Not thread-safe.
 */
final class BillingLedger {

  static final List<ApiCallKind> KINDS = List.of(
      ApiCallKind.LIST, ApiCallKind.VEHICLE, ApiCallKind.VEHICLE_DATA, ApiCallKind.WAKE_UP, ApiCallKind.REGION);

  /** Counts for one scope (everything, a vehicle, an account). */
  private static final class Tally {
    final Map<String, Long> requests = new LinkedHashMap<>();
    final Map<Integer, Long> status = new TreeMap<>();
    long microUsd;
    long wakes;

    Tally() {
      KINDS.forEach(kind -> requests.put(kind.wireName(), 0L));
    }

    void add(ApiCallKind kind, Integer answered, long cost) {
      requests.merge(kind.wireName(), 1L, Long::sum);
      if (answered != null) {
        status.merge(answered, 1L, Long::sum);
      }
      microUsd += cost;
    }

    JsonObject statusJson() {
      JsonObject json = new JsonObject();
      status.forEach((code, count) -> json.put(String.valueOf(code), count));
      return json;
    }
  }

  private final PricingConfig pricing;
  private final Tally total = new Tally();
  private final Map<String, Tally> byVehicle = new LinkedHashMap<>();
  private final Map<String, Tally> byAccount = new LinkedHashMap<>();
  private final Map<String, Long> tokenGrants = new LinkedHashMap<>();
  private long refreshTokenReuse;

  BillingLedger(PricingConfig pricing, List<String> vins, List<String> accounts) {
    this.pricing = pricing;
    vins.forEach(vin -> byVehicle.put(vin, new Tally()));
    accounts.forEach(account -> byAccount.put(account, new Tally()));
    List.of("authorization_code", "refresh_token", "client_credentials").forEach(g -> tokenGrants.put(g, 0L));
  }

  /**
   * One API call; {@code status} null when the connection was dropped, {@code account} null when
   * the caller was not authenticated (not billed), {@code vin} null when no vehicle was resolved.
   */
  void recordCall(ApiCallKind kind, Integer status, String account, String vin, boolean authenticated) {
    long cost = status == null || !authenticated ? 0 : pricing.microUsdFor(kind, status);
    total.add(kind, status, cost);
    if (vin != null && byVehicle.containsKey(vin)) {
      byVehicle.get(vin).add(kind, status, cost);
    }
    if (account != null && byAccount.containsKey(account)) {
      byAccount.get(account).add(kind, status, cost);
    }
  }

  void recordGrant(String grantType) {
    tokenGrants.merge(grantType, 1L, Long::sum);
  }

  void recordRefreshTokenReuse() {
    refreshTokenReuse++;
  }

  void recordWake(String vin) {
    total.wakes++;
    Tally vehicle = byVehicle.get(vin);
    if (vehicle != null) {
      vehicle.wakes++;
    }
  }

  /** The ledger as GET /sim/ledger shows it; the awake seconds (caused and total) per VIN come from the cars. */
  JsonObject toJson(ToLongFunction<String> awakeSecondsCaused, ToLongFunction<String> awakeSeconds) {
    JsonObject vehicles = new JsonObject();
    byVehicle.forEach((vin, tally) -> vehicles.put(vin, new JsonObject()
        .put("requests", new JsonObject(new LinkedHashMap<String, Object>(tally.requests)))
        .put("status", tally.statusJson())
        .put("usd", PricingConfig.toUsd(tally.microUsd))
        .put("wakes", tally.wakes)
        .put("awake_seconds_caused", awakeSecondsCaused.applyAsLong(vin))
        .put("awake_seconds", awakeSeconds.applyAsLong(vin))));
    JsonObject accounts = new JsonObject();
    byAccount.forEach((account, tally) -> accounts.put(account, new JsonObject()
        .put("usd", PricingConfig.toUsd(tally.microUsd))
        .put("requests", new JsonObject(new LinkedHashMap<String, Object>(tally.requests)))
        .put("status", tally.statusJson())));
    return new JsonObject()
        .put("usd_total", PricingConfig.toUsd(total.microUsd))
        .put("micro_usd_total", total.microUsd)
        .put("requests", new JsonObject(new LinkedHashMap<String, Object>(total.requests)))
        .put("status", total.statusJson())
        .put("token_grants", new JsonObject(new LinkedHashMap<String, Object>(tokenGrants)))
        .put("refresh_token_reuse", refreshTokenReuse)
        .put("wakes", total.wakes)
        .put("by_vehicle", vehicles)
        .put("by_account", accounts);
  }
}
