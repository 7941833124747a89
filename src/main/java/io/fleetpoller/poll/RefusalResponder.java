package io.fleetpoller.poll;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.triage.FailureContext;
import io.fleetpoller.triage.TriageEvent;
import io.fleetpoller.triage.TriageReporter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers the Fleet API's refusals of the poller's calls (issue 6, "401/403 triage"): shows each in
 * triage with what the poller knows about the account, then carries out the {@link RefusalRemedy}
 * for it on the poller's {@link Cars}. Keeps the one thing a refusal leaves behind: the vehicle_data
 * sections each account may no longer ask for. Used on the poller's event loop only.
 */
final class RefusalResponder {

  /** The poller's cars, as a remedy changes them. */
  interface Cars {
    /** The accounts that have cars, each once. */
    List<String> accounts();

    /** Rests one car; a poll of it that is running plans it again when it lands. */
    void pause(String vin, String reason, Optional<Instant> until, Instant now);

    /** Rests every car of the account and plans again those not being polled. */
    void pauseAccount(String account, String reason, Optional<Instant> until, Instant now);

    /** Lets the car wait {@code retryAfter} before its next call. */
    void hold(String vin, Duration retryAfter, Instant now);

    /** Asks the policy again when the car is due. */
    void replan(String vin, Instant now);

    /** Polls the car at {@code at}, whatever the policy says. */
    void pollAt(String vin, Instant at);

    /** Lists every account's vehicles at {@code at}. */
    void listAt(Instant at);
  }

  private final TriageReporter reporter;
  private final FleetConfig.Tesla tesla;
  private final AccountApis apis;
  private final Function<String, AccessTokenClaims> claims;
  private final Duration rest;
  private final Cars cars;
  /** Endpoints an account's token may not read (a missing_scope triage): never asked again. */
  private final Map<String, Set<VehicleDataEndpoint>> droppedEndpoints = new HashMap<>();

  /**
   * @param claims the claims of an account's current access token, null when unknown
   * @param rest how long cars rest after a refusal that something other than a consent may cure
   */
  RefusalResponder(TriageReporter reporter, FleetConfig.Tesla tesla, AccountApis apis,
      Function<String, AccessTokenClaims> claims, Duration rest, Cars cars) {
    this.reporter = reporter;
    this.tesla = tesla;
    this.apis = apis;
    this.claims = claims;
    this.rest = rest;
    this.cars = cars;
  }

  /** 401, 402, 403, 412, 421, 423: refusals triage explains; 408 and 429 have their own paths. */
  static boolean isRefusal(int status) {
    return status == 401 || status == 402 || status == 403 || status == 412 || status == 421 || status == 423;
  }

  /**
   * Shows a failed call in triage, with the config, the token's claims and the account's moved base
   * URL added, without acting on it (a 401 the token source may yet cure, a 429).
   */
  TriageEvent report(FailureContext failure) {
    FailureContext context = failure.withTesla(tesla);
    context = apis.movedBaseUrl(failure.account()).map(context::withBaseUrl).orElse(context);
    return reporter.report(context.withClaims(claims.apply(failure.account())));
  }

  /**
   * Shows a refusal in triage and carries out its remedy: for the failure's vehicle, or for the
   * whole account when the failure names none (a vehicle list).
   */
  void respond(FailureContext refusal) {
    TriageEvent event = report(refusal);
    String vin = refusal.vehicle();
    Instant now = refusal.at();
    carryOut(RefusalRemedy.of(event, vin != null, rest, now), event.account(), vin, now);
  }

  /** {@code wanted} less the sections the account may not read; never none, which would ask for all. */
  Set<VehicleDataEndpoint> endpointsToAsk(String account, Set<VehicleDataEndpoint> wanted) {
    Set<VehicleDataEndpoint> dropped = droppedEndpoints.get(account);
    if (dropped == null || dropped.isEmpty()) {
      return wanted;
    }
    Set<VehicleDataEndpoint> kept = new HashSet<>(wanted);
    kept.removeAll(dropped);
    return kept.isEmpty() ? Set.of(VehicleDataEndpoint.CHARGE_STATE) : Set.copyOf(kept);
  }

  private void carryOut(RefusalRemedy remedy, String account, String vin, Instant now) {
    if (remedy instanceof RefusalRemedy.DropEndpoint drop) {
      // Keep polling this account's cars without the section its token may not read.
      droppedEndpoints.computeIfAbsent(account, a -> new HashSet<>()).add(drop.endpoint());
      cars.replan(vin, now);
    } else if (remedy instanceof RefusalRemedy.PauseVehicle pause) {
      cars.pause(vin, pause.reason(), pause.until(), now);
    } else if (remedy instanceof RefusalRemedy.PauseAccounts pause) {
      pauseAccounts(pause, account, now);
    } else if (remedy instanceof RefusalRemedy.SwitchRegion switchRegion) {
      if (apis.moveTo(account, switchRegion.baseUrl())) {
        if (vin != null) {
          cars.pollAt(vin, now); // once: a second wrong_region, from the new region, may not move and pauses
        }
        cars.listAt(now);
      } else {
        pauseAccounts(switchRegion.otherwise(), account, now);
      }
    } else if (remedy instanceof RefusalRemedy.HoldVehicle hold) {
      cars.hold(vin, hold.retryAfter(), now);
    }
  }

  private void pauseAccounts(RefusalRemedy.PauseAccounts pause, String account, Instant now) {
    List<String> reached = switch (pause.reach()) {
      case ACCOUNT -> List.of(account);
      case REGION -> {
        String region = apis.of(account).baseUrl();
        yield cars.accounts().stream().filter(a -> apis.of(a).baseUrl().equals(region)).toList();
      }
      case APP -> cars.accounts();
    };
    reached.forEach(a -> cars.pauseAccount(a, pause.reason(), pause.until(), now));
  }
}
