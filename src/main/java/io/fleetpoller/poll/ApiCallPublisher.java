package io.fleetpoller.poll;

import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.fleetapi.ApiCall;
import io.fleetpoller.fleetapi.ApiCallListener;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Prices every Fleet API call of one account with Tesla's list, adds it to the vehicle's tally and
 * to the month's {@link Budget} (and so the shared ledger), and publishes it on
 * {@code fleet.api.call}, where metrics pick it up.
 */
public final class ApiCallPublisher implements ApiCallListener {

  private final String account;
  private final PricingConfig pricing;
  private final EventBus eventBus;
  private final VehicleRegistry registry;
  private final Budget budget;

  public ApiCallPublisher(String account, PricingConfig pricing, EventBus eventBus, VehicleRegistry registry,
      Budget budget) {
    this.account = account;
    this.pricing = pricing;
    this.eventBus = eventBus;
    this.registry = registry;
    this.budget = budget;
  }

  @Override
  public void onCall(ApiCall call) {
    long microUsd = pricing.microUsdFor(call.kind(), call.status());
    if (call.vehicleId() != null) {
      registry.recordCall(call.vehicleId(), microUsd);
    }
    budget.record(account, call.vehicleId(), call.kind(), microUsd, call.at());
    eventBus.publish(EventAddresses.API_CALL, new JsonObject()
        .put("type", "api_call")
        .put("account", account)
        .put("endpoint", call.kind().wireName())
        .put("vehicle", call.vehicleId())
        .put("status", call.status())
        .put("latency_ms", call.latency().toMillis())
        .put("cost_micro_usd", microUsd)
        .put("error", call.error())
        .put("at", call.at().toString()));
  }
}
