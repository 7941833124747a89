package io.fleetpoller.bench;

/**
 * Where the reference policies' numbers come from, checked against each project's own code and
 * docs (not copied from them). For a picocli footer: no {@code %} and no {@code @|} markup, since
 * picocli formats footers.
 */
public final class PeerPolicies {

  /** At most 25 lines, each under 100 characters. */
  public static final String HELP = """
      Reference policies (numbers from each project's own source, simulated time):
      homeassistant-like  Home Assistant tesla_fleet, components/tesla_fleet/coordinator.py:
        every 600 s (VEHICLE_INTERVAL_SECONDS) the free vehicle endpoint, then vehicle_data only
        if it says online; a 408 is read as asleep, a 429 skips that refresh. The 900 s interval
        (VEHICLE_WAIT_SECONDS, after 900 s idle: not charging, no user, no sentry; reset after
        1200 s) applies only to pre-2021 Model S/X (tesla_fleet_api pre2021, from the VIN).
      teslamate-like  TeslaMate lib/teslamate/vehicles/vehicle.ex, polling (no streaming API):
        asleep/offline: the vehicle endpoint every 30 s (@asleep_interval), no vehicle_data;
        driving: vehicle_data every 2.5 s (@driving_interval); charging: round(250 / kW) s
        clamped to 5..20 s, 5 s when charger_power is 0 or missing (determince_interval);
        otherwise every 15 s; after 15 idle min no data call for 21 min (suspend_after_idle_min,
        suspend_min in settings/car_settings.ex; docs/configuration/sleep.md), then the vehicle
        endpoint and, if still online, suspend again. Sleep blockers (re-check 15 s, sentry and
        preconditioning 30 s): user present, preconditioning, sentry, update downloading,
        doors or trunk open, unlocked (if req_not_unlocked). With the streaming API on (the
        default in car_settings.ex) it drives at 15 s and suspends after 3 idle min for 30 min.
      fixed:30s, fixed:5m  a naive baseline, no peer behind it.
      Teslemetry (teslemetry.com/blog/vehicle-data-caching): vehicle_data every 20-30 s while
        awake, about 1,500 calls a day, about 90 USD a month per car at 0.002 USD a call; it
        needed at least 15 min for 1,000 calls a month and settled on a 10 min minimum
        (teslemetry.com/blog/road-away-from-polling), still about 3 USD a month per car.
      """;

  private PeerPolicies() {}
}
