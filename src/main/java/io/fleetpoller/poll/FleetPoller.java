package io.fleetpoller.poll;

import io.fleetpoller.auth.TokenSource;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.fleetapi.VehicleSummary;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every vehicle of every account observed: lists each account's vehicles every
 * {@code listInterval} (the cheap call that never wakes a car) and fetches vehicle_data when the
 * {@link PollPolicy} says a car is due. One timer for the whole fleet, set to the earliest due time;
 * at most one data call in flight per car. A failed cycle is logged and counted (through the
 * {@code fleet.api.call} events) and the schedule lives on.
 */
public final class FleetPoller extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetPoller.class);

  private final FleetClock clock;
  private final TokenSource tokens;
  private final Function<String, FleetApiClient> apiForAccount;
  private final Supplier<Future<List<String>>> accounts;
  private final PollPolicy policy;
  private final VehicleRegistry registry;
  private final Duration listInterval;

  private final Set<String> dataInFlight = new HashSet<>();
  private Instant nextListAt;
  private boolean listing;
  private long timerId = -1;
  private boolean stopped;
  private volatile boolean listedOnce;

  public FleetPoller(
      FleetClock clock,
      TokenSource tokens,
      Function<String, FleetApiClient> apiForAccount,
      Supplier<Future<List<String>>> accounts,
      PollPolicy policy,
      VehicleRegistry registry,
      Duration listInterval) {
    this.clock = clock;
    this.tokens = tokens;
    this.apiForAccount = apiForAccount;
    this.accounts = accounts;
    this.policy = policy;
    this.registry = registry;
    this.listInterval = listInterval;
  }

  @Override
  public Future<?> start() {
    nextListAt = clock.now();
    // A new or renewed consent: list that account's cars now rather than at the next cycle.
    vertx.eventBus().<JsonObject>consumer(EventAddresses.TOKEN, message -> {
      if ("consented".equals(message.body().getString("type"))) {
        nextListAt = clock.now();
        tick();
      }
    });
    tick();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  /** Ready once the first round of vehicle lists has finished (whatever each answered). */
  public boolean ready() {
    return listedOnce;
  }

  /** Does whatever is due now, then sets the one timer for whatever is due next. */
  private void tick() {
    if (stopped) {
      return;
    }
    Instant now = clock.now();
    if (!listing && !now.isBefore(nextListAt)) {
      listing = true;
      nextListAt = now.plus(listInterval);
      listAllAccounts().onComplete(done -> {
        listing = false;
        listedOnce = true;
        tick();
      });
    }
    Instant earliest = nextListAt;
    for (TrackedVehicle vehicle : registry.all()) {
      if (dataInFlight.contains(vehicle.vin())) {
        continue;
      }
      PollDecision decision = policy.decide(VehicleView.of(vehicle), now);
      registry.update(vehicle.vin(), vehicle.account(), v -> v.withNextPoll(decision.dataAt().orElse(null)));
      if (decision.dueAt(now)) {
        fetchData(vehicle, decision.endpoints());
      } else if (decision.dataAt().isPresent() && decision.dataAt().get().isBefore(earliest)) {
        earliest = decision.dataAt().get();
      }
    }
    schedule(Duration.between(now, earliest));
  }

  private void schedule(Duration delay) {
    vertx.cancelTimer(timerId);
    long realDelay = clock.realMillis(delay.isNegative() ? Duration.ZERO : delay);
    timerId = vertx.setTimer(realDelay, id -> tick());
  }

  private Future<Void> listAllAccounts() {
    return accounts.get()
        .compose(names -> Future.join(names.stream().map(this::listAccount).toList()))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("vehicle list cycle failed: {}", err.getMessage()));
  }

  private Future<Void> listAccount(String account) {
    return withToken(account, token -> apiForAccount.apply(account).listVehicles(token))
        .onSuccess(vehicles -> vehicles.forEach(v -> recordState(account, v)))
        .onFailure(err -> LOG.warn("listing vehicles of account {} failed: {}", account, err.getMessage()))
        .mapEmpty();
  }

  private void recordState(String account, VehicleSummary summary) {
    Instant now = clock.now();
    VehicleOnlineState before = registry.get(summary.vin()).map(TrackedVehicle::state).orElse(VehicleOnlineState.UNKNOWN);
    registry.update(summary.vin(), account, v -> v.withState(summary.displayName(), summary.state(), now));
    if (before != summary.state()) {
      publishStateChange(account, summary.vin(), before, summary.state(), now);
    }
  }

  private void fetchData(TrackedVehicle vehicle, Set<VehicleDataEndpoint> endpoints) {
    String vin = vehicle.vin();
    String account = vehicle.account();
    dataInFlight.add(vin);
    withToken(account, token -> apiForAccount.apply(account).vehicleData(token, vin, endpoints))
        .onSuccess(data -> recordSnapshot(account, vin, data))
        .onFailure(err -> recordDataFailure(account, vin, err))
        .onComplete(done -> {
          dataInFlight.remove(vin);
          tick();
        });
  }

  private void recordSnapshot(String account, String vin, VehicleData data) {
    Instant now = clock.now();
    VehicleOnlineState before = registry.get(vin).map(TrackedVehicle::state).orElse(VehicleOnlineState.UNKNOWN);
    registry.update(vin, account, v -> v.withData(data, now));
    if (before != data.state()) {
      publishStateChange(account, vin, before, data.state(), now);
    }
    vertx.eventBus().publish(EventAddresses.VEHICLE_SNAPSHOT, SnapshotEvent.of(account, vin, data, now));
  }

  private void recordDataFailure(String account, String vin, Throwable err) {
    if (err instanceof FleetApiException api && api.status() == 408) {
      // "vehicle unavailable: vehicle is offline or asleep" (FACTS.md): take it as asleep, do not
      // retry; the next vehicle list tells which of the two it is.
      Instant now = clock.now();
      VehicleOnlineState before = registry.get(vin).map(TrackedVehicle::state).orElse(VehicleOnlineState.UNKNOWN);
      registry.update(vin, account, v -> v.withState(v.displayName(), VehicleOnlineState.ASLEEP, now));
      if (before != VehicleOnlineState.ASLEEP) {
        publishStateChange(account, vin, before, VehicleOnlineState.ASLEEP, now);
      }
      return;
    }
    LOG.warn("vehicle_data of {} (account {}) failed: {}", vin, account, err.getMessage());
  }

  private void publishStateChange(
      String account, String vin, VehicleOnlineState from, VehicleOnlineState to, Instant at) {
    vertx.eventBus().publish(EventAddresses.VEHICLE_STATE, new JsonObject()
        .put("type", "state")
        .put("account", account)
        .put("vehicle", vin)
        .put("from", from.name().toLowerCase())
        .put("to", to.name().toLowerCase())
        .put("at", at.toString()));
  }

  /**
   * Runs {@code call} with the account's token; on a 401 asks the token source for another token and
   * retries exactly once (a refresh elsewhere revokes old access tokens: FACTS.md, "OAuth").
   */
  private <T> Future<T> withToken(String account, Function<BearerToken, Future<T>> call) {
    return tokens.accessToken(account).compose(token -> call.apply(token).recover(err -> {
      if (err instanceof FleetApiException api && api.status() == 401) {
        return tokens.afterRejection(account, token).compose(call);
      }
      return Future.failedFuture(err);
    }));
  }
}
