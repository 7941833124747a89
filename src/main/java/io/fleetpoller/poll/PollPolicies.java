package io.fleetpoller.poll;

import io.fleetpoller.config.Durations;
import io.fleetpoller.config.FleetConfig;
import java.time.Duration;

/** The policy {@code polling.policy} names (the config binder has checked the name). */
public final class PollPolicies {

  private PollPolicies() {}

  public static PollPolicy of(FleetConfig.Polling polling) {
    String name = polling.policy();
    switch (name) {
      case "cost-aware":
        return new CostAwarePolicy(polling);
      case "homeassistant-like":
        return new HomeAssistantLikePolicy();
      case "teslamate-like":
        return new TeslaMateLikePolicy();
      default:
        if (name.startsWith("fixed:")) {
          return new FixedPolicy(Durations.parse(name.substring("fixed:".length())));
        }
        throw new IllegalArgumentException("unknown poll policy " + name);
    }
  }

  /**
   * How often the vehicles are listed under the named policy: the peer's own state-check cadence
   * for the two references (Home Assistant reads the vehicle endpoint every 600 s, TeslaMate every
   * 30 s: FACTS.md "How peers poll"), {@code polling.listInterval} otherwise.
   */
  public static Duration listInterval(FleetConfig.Polling polling) {
    return switch (polling.policy()) {
      case "homeassistant-like" -> HomeAssistantLikePolicy.UPDATE_INTERVAL;
      case "teslamate-like" -> TeslaMateLikePolicy.STATE_CHECK;
      default -> polling.listInterval();
    };
  }
}
