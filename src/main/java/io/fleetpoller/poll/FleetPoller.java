package io.fleetpoller.poll;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.auth.AccountState;
import io.fleetpoller.auth.TokenSource;
import io.fleetpoller.auth.TokenUnavailableException;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.DistributedLock;
import io.fleetpoller.coord.LockLease;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.fleetapi.VehicleSummary;
import io.fleetpoller.triage.AutoAction;
import io.fleetpoller.triage.FailureContext;
import io.fleetpoller.triage.RequestKind;
import io.fleetpoller.triage.TriageEvent;
import io.fleetpoller.triage.TriageReason;
import io.fleetpoller.triage.TriageReporter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every vehicle of every account observed for as little money as possible. Lists each
 * account's vehicles every {@code listInterval} (free, never wakes a car: FACTS.md "Endpoints a
 * poller uses"), feeds what it sees to each car's {@link VehicleTracker}, asks the
 * {@link PollPolicy} when the car's next vehicle_data is due and keeps that in one
 * {@link PollSchedule} behind one Vert.x timer for the whole fleet.
 *
 * <p>A due poll: the budget may stretch or stop it, {@link DataCallWindow} bounds the calls per
 * minute, then it takes the car's poll lease ({@code lease:poll:{vin}}), so with several instances
 * on one Redis only one polls a car. Under the lease it first reads the car's shared snapshot: when
 * another instance polled since, it takes that snapshot in silently (that instance published the
 * events) and polls only if the car is still due. The snapshot is stored before the lease is let go.
 *
 * <p>Failures change the car's state, never the schedule's life: a 408 means asleep and is not
 * retried, a 429 holds the car until {@code Retry-After}, a token problem pauses it, a refusal is
 * answered by {@link RefusalResponder}, a transport failure backs off. Everything runs on the
 * verticle's event loop; nothing here blocks.
 */
public final class FleetPoller extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetPoller.class);
  /** A hold shorter than this (real time) is not worth keeping: the lease is let go instead. */
  private static final long MIN_HOLD_REAL_MILLIS = 5;

  /**
   * @param listInterval how often each account's vehicles are listed
   * @param idleBeforeSleep handed to each {@link VehicleTracker}
   * @param dataPerMinutePerVehicle the {@link DataCallWindow} bound
   * @param leaseTtl how long a poll lease holds (simulated time): longer than a request can take
   * @param heldRetry how soon to look again when another instance holds a car's lease
   * @param pauseAfterRefusal how long a car rests after a 401/403 the token source could not cure
   */
  public record Settings(Duration listInterval, Duration idleBeforeSleep, int dataPerMinutePerVehicle,
      Duration leaseTtl, Duration heldRetry, Duration pauseAfterRefusal) {}

  /** What instances share: the poll leases and the latest snapshots. */
  public record Sharing(DistributedLock leases, SharedSnapshots snapshots) {}

  /**
   * Where refusals are classified and shown, the config that explains them, and where an account's
   * new region (a wrong_region answer) is kept across restarts.
   */
  public record Triage(TriageReporter reporter, FleetConfig.Tesla tesla, AccountRegions regions) {}

  private final FleetClock clock;
  private final TokenSource tokens;
  private final Supplier<Future<List<String>>> accounts;
  private final PollPolicy policy;
  private final VehicleRegistry registry;
  private final Settings settings;
  private final Sharing sharing;
  private final Budget budget;
  private final PollMetrics metrics;
  private final Triage triage;

  private final Map<String, Car> cars = new HashMap<>();
  private final PollSchedule schedule = new PollSchedule();
  private final DataCallWindow window;
  private final Set<String> capsAnnounced = new HashSet<>();
  /** The claims of each account's current access token: scopes (location_data needs one), aud, exp. */
  private final Map<String, AccessTokenClaims> claimsByAccount = new HashMap<>();
  private final Map<String, Integer> claimsFingerprint = new HashMap<>();
  private final AccountApis apis;
  private final RefusalResponder refusals;
  private Instant nextListAt;
  private boolean listing;
  private long timerId = -1;
  private Instant armedFor;
  private boolean stopped;
  private volatile boolean listedOnce;

  /** One car as the poller holds it: its account, its tracker, and whether a poll is running. */
  private static final class Car {
    final String vin;
    final String account;
    VehicleTracker tracker;
    boolean inFlight;
    /** The poll lease this instance keeps between its polls of the car, if it holds one. */
    LockLease heldLease;

    Car(String vin, String account, VehicleTracker tracker) {
      this.vin = vin;
      this.account = account;
      this.tracker = tracker;
    }
  }

  public FleetPoller(
      FleetClock clock,
      TokenSource tokens,
      Function<String, FleetApiClient> apiForAccount,
      Supplier<Future<List<String>>> accounts,
      PollPolicy policy,
      VehicleRegistry registry,
      Settings settings,
      Sharing sharing,
      Budget budget,
      PollMetrics metrics,
      Triage triage) {
    this.clock = clock;
    this.tokens = tokens;
    this.accounts = accounts;
    this.policy = policy;
    this.registry = registry;
    this.settings = settings;
    this.sharing = sharing;
    this.budget = budget;
    this.metrics = metrics;
    this.triage = triage;
    this.window = new DataCallWindow(settings.dataPerMinutePerVehicle());
    this.apis = new AccountApis(apiForAccount, triage.regions());
    this.refusals = new RefusalResponder(triage.reporter(), triage.tesla(), apis, claimsByAccount::get,
        settings.pauseAfterRefusal(), new RefusableCars());
  }

  @Override
  public Future<?> start() {
    return apis.load()
        .andThen(done -> begin());
  }

  private void begin() {
    nextListAt = clock.now();
    // A new or renewed consent: resume that account's cars and list now rather than at the next cycle.
    vertx.eventBus().<JsonObject>consumer(EventAddresses.TOKEN, message -> {
      if ("consented".equals(message.body().getString("type"))) {
        resumeAccount(message.body().getString("account"));
        nextListAt = clock.now();
        tick();
      }
    });
    tick();
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
      nextListAt = now.plus(settings.listInterval());
      budget.refresh(now)
          .eventually(this::listAllAccounts)
          .onComplete(done -> {
            listing = false;
            listedOnce = true;
            tick();
          });
    }
    for (PollSchedule.Due due : schedule.takeDue(now)) {
      metrics.scheduleLag(Duration.ofNanos((long) (Duration.between(due.at(), now).toNanos() / clock.speed())));
      poll(due.vehicle());
    }
    arm();
  }

  /** (Re)sets the timer for the earliest of the next list and the next due poll. */
  private void arm() {
    if (stopped) {
      return;
    }
    Instant next = nextListAt;
    Optional<Instant> due = schedule.nextDue();
    if (due.isPresent() && due.get().isBefore(next)) {
      next = due.get();
    }
    if (timerId != -1 && armedFor != null && !armedFor.isAfter(next)) {
      return;
    }
    vertx.cancelTimer(timerId);
    Duration delay = Duration.between(clock.now(), next);
    armedFor = next;
    timerId = vertx.setTimer(clock.realMillis(delay.isNegative() ? Duration.ZERO : delay), id -> {
      timerId = -1;
      armedFor = null;
      tick();
    });
  }

  private Future<Void> listAllAccounts() {
    return accounts.get()
        .compose(names -> Future.join(names.stream().map(this::listAccount).toList()))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("vehicle list cycle failed: {}", err.getMessage()));
  }

  private Future<Void> listAccount(String account) {
    return withToken(account, RequestKind.LIST, null, token -> api(account).listVehicles(token))
        .onSuccess(vehicles -> vehicles.forEach(v -> observeListState(account, v)))
        .onFailure(err -> {
          if (stopped) {
            return; // a list cut short by the shutdown
          }
          LOG.warn("listing vehicles of account {} failed: {}", v("account", account), err.getMessage());
          if (err instanceof TokenUnavailableException unavailable) {
            pauseAccount(account, unavailable);
          } else if (err instanceof FleetApiException api && RefusalResponder.isRefusal(api.status())) {
            refusals.respond(FailureContext.of(api, RequestKind.LIST, account, clock.now()));
          }
        })
        .mapEmpty();
  }

  private void observeListState(String account, VehicleSummary summary) {
    Instant now = clock.now();
    Car car = cars.computeIfAbsent(summary.vin(), vin -> new Car(vin, account,
        VehicleTracker.start(vin, settings.idleBeforeSleep(), settings.listInterval(), now)));
    registry.update(car.vin, account, v -> v.withState(summary.displayName(), summary.state(), now));
    apply(car, car.tracker.onListState(summary.state(), now), true);
    if (!car.inFlight) {
      replan(car, now);
    }
  }

  /** Takes a tracker step: keeps the new tracker, shows it, and publishes what changed. */
  private void apply(Car car, VehicleTracker.Step step, boolean publish) {
    String before = car.tracker.activity().label();
    car.tracker = step.tracker();
    String after = car.tracker.activity().label();
    registry.update(car.vin, car.account, v -> v.withActivity(after));
    if (!publish) {
      return;
    }
    for (SessionEvent event : step.events()) {
      vertx.eventBus().publish(EventAddresses.VEHICLE_STATE, SessionEventJson.of(car.account, car.vin, event));
    }
    if (!before.equals(after)) {
      vertx.eventBus().publish(EventAddresses.VEHICLE_STATE, new JsonObject()
          .put("type", "state")
          .put("account", car.account)
          .put("vehicle", car.vin)
          .put("from", before)
          .put("to", after)
          .put("at", car.tracker.activity().since().toString()));
    }
  }

  /** Asks the policy when the car is due next and puts that in the schedule. */
  private void replan(Car car, Instant now) {
    PollDecision decision = decide(car, now);
    Instant at = decision.dataAt().orElse(null);
    if (at == null) {
      schedule.cancel(car.vin);
    } else {
      schedule.schedule(car.vin, at);
    }
    registry.update(car.vin, car.account, v -> v.withNextPoll(at));
    arm();
  }

  private PollDecision decide(Car car, Instant now) {
    return decide(car, budget.pace(car.vin, now), now);
  }

  private PollDecision decide(Car car, BudgetPacer.Pace pace, Instant now) {
    return policy.decide(car.tracker.view().withPaceFactor(pace.stretch())
        .withGrantedScopes(grantedScopes(car.account)), now);
  }

  private void retryAt(Car car, Instant at) {
    schedule.schedule(car.vin, at);
    registry.update(car.vin, car.account, v -> v.withNextPoll(at));
    arm();
  }

  private void poll(String vin) {
    Car car = cars.get(vin);
    if (car == null || car.inFlight) {
      return; // an answer in flight replans the car when it lands
    }
    Instant now = clock.now();
    BudgetPacer.Pace pace = budget.pace(vin, now);
    if (pace.capReached()) {
      apply(car, car.tracker.onPaused("budget", Optional.of(Budget.nextMonthStart(now)), now), true);
      announceBudgetCap(car, now);
      replan(car, now);
      return;
    }
    PollDecision decision = decide(car, pace, now);
    if (!decision.dueAt(now)) {
      replan(car, now);
      return;
    }
    Instant allowed = window.allowedAt(vin, now);
    if (allowed.isAfter(now)) {
      retryAt(car, allowed);
      return;
    }
    car.inFlight = true;
    takeLease(car)
        .compose(lease -> lease.isPresent()
            ? underLease(car, lease.get()).map(true)
            : Future.succeededFuture(false))
        .onComplete(done -> {
          car.inFlight = false;
          Instant after = clock.now();
          if (done.succeeded() && done.result()) {
            replan(car, after);
            return;
          }
          if (done.failed()) {
            LOG.warn("poll of {} skipped: could not take its lease: {}", v("vehicle", vin), done.cause().getMessage());
          }
          // Another instance is polling it (or the lease store is down): look again soon; by then
          // its snapshot tells whether the car is still due.
          retryAt(car, after.plus(settings.heldRetry()));
        });
  }

  static String leaseName(String vin) {
    return "poll:" + vin;
  }

  private Future<Void> underLease(Car car, LockLease lease) {
    return sharing.snapshots().get(car.vin)
        .recover(err -> {
          LOG.warn("could not read the shared snapshot of {}: {}", v("vehicle", car.vin), err.getMessage());
          return Future.succeededFuture(Optional.empty());
        })
        .compose(shared -> {
          Instant now = clock.now();
          if (shared.isPresent() && isNewer(shared.get(), car.tracker.lastDataAt())) {
            StoredSnapshot snapshot = shared.get();
            apply(car, car.tracker.onSnapshot(snapshot.data(), snapshot.at()), false);
            registry.update(car.vin, car.account, v -> v.withData(snapshot.data(), snapshot.at()));
            if (!decide(car, now).dueAt(now)) {
              return Future.succeededFuture(false);
            }
          }
          return fetch(car, decide(car, now), now).map(true);
        })
        .recover(err -> Future.succeededFuture(false))
        .compose(polled -> polled ? keepUntilNextPoll(car, lease) : letGo(car, lease))
        .otherwise(false)
        .mapEmpty();
  }

  /** Renews the lease this instance kept since its last poll of the car, or takes a free one. */
  private Future<Optional<LockLease>> takeLease(Car car) {
    LockLease kept = car.heldLease;
    Future<Optional<LockLease>> renewed = kept == null
        ? Future.succeededFuture(Optional.empty())
        : sharing.leases().extend(kept, settings.leaseTtl()).map(ok -> ok ? Optional.of(kept) : Optional.empty());
    return renewed.compose(lease -> {
      if (lease.isPresent()) {
        return Future.succeededFuture(lease);
      }
      car.heldLease = null;
      return sharing.leases().tryAcquire(leaseName(car.vin), settings.leaseTtl());
    });
  }

  private Future<Boolean> letGo(Car car, LockLease lease) {
    car.heldLease = null;
    return sharing.leases().release(lease);
  }

  /**
   * After a poll, keeps the car's lease until a little after this instance's next poll of it
   * (which renews it), so another instance, whose own view of the car (a drive's age, say) may make
   * it due sooner, does not poll it in between: N instances poll a car as often as one. If this
   * instance dies the lease lapses within 1.2 intervals and another takes the car over.
   */
  private Future<Boolean> keepUntilNextPoll(Car car, LockLease lease) {
    Instant now = clock.now();
    Optional<Instant> next = decide(car, now).dataAt();
    Duration hold = next.map(at -> Duration.between(now, at).multipliedBy(6).dividedBy(5)).orElse(Duration.ZERO);
    if (hold.isNegative() || hold.isZero() || clock.realMillis(hold) < MIN_HOLD_REAL_MILLIS) {
      return letGo(car, lease);
    }
    return sharing.leases().extend(lease, hold).onSuccess(kept -> car.heldLease = kept ? lease : null);
  }

  private static boolean isNewer(StoredSnapshot shared, Instant lastDataAt) {
    return lastDataAt == null || shared.at().isAfter(lastDataAt);
  }

  private Future<Void> fetch(Car car, PollDecision decision, Instant now) {
    window.record(car.vin, now);
    return withToken(car.account, RequestKind.VEHICLE_DATA, car.vin,
            token -> api(car.account).vehicleData(token, car.vin,
                refusals.endpointsToAsk(car.account, decision.endpoints())))
        .compose(data -> recordSnapshot(car, data))
        .recover(err -> {
          recordDataFailure(car, err, refusals.endpointsToAsk(car.account, decision.endpoints()));
          return Future.succeededFuture();
        });
  }

  private Future<Void> recordSnapshot(Car car, VehicleData data) {
    Instant now = clock.now();
    apply(car, car.tracker.onSnapshot(data, now), true);
    registry.update(car.vin, car.account, v -> v.withData(data, now));
    vertx.eventBus().publish(EventAddresses.VEHICLE_SNAPSHOT, SnapshotEvent.of(car.account, car.vin, data, now));
    return sharing.snapshots().put(new StoredSnapshot(car.account, car.vin, now, data))
        .onFailure(err -> LOG.warn("could not share the snapshot of {}: {}", v("vehicle", car.vin), err.getMessage()))
        .otherwiseEmpty();
  }

  private void recordDataFailure(Car car, Throwable err, Set<VehicleDataEndpoint> endpoints) {
    if (stopped) {
      return; // a call cut short by the shutdown says nothing about the car
    }
    Instant now = clock.now();
    if (err instanceof TokenUnavailableException unavailable) {
      apply(car, car.tracker.onPaused(pauseReason(unavailable), pauseUntil(unavailable, now), now), true);
      return;
    }
    if (err instanceof FleetApiException api) {
      if (api.status() == 408) {
        // "vehicle unavailable: vehicle is offline or asleep" (FACTS.md): asleep, not retried; the
        // next vehicle list tells when it is online again.
        apply(car, car.tracker.onUnavailable408(now), true);
        return;
      }
      if (api.status() == 429) {
        refusals.report(dataFailure(api, car, endpoints, now));
        Duration wait = api.retryAfter().orElse(Duration.ofMinutes(1));
        LOG.warn("vehicle_data of {} rate limited; next try after {}", v("vehicle", car.vin), wait);
        apply(car, car.tracker.onRateLimited(wait, now), true);
        return;
      }
      if (RefusalResponder.isRefusal(api.status())) {
        // withToken already tried a fresh token on a 401; polling on would be billed refusals.
        refusals.respond(dataFailure(api, car, endpoints, now));
        return;
      }
    }
    LOG.warn("vehicle_data of {} (account {}) failed: {}", v("vehicle", car.vin), v("account", car.account),
        err.getMessage());
    apply(car, car.tracker.onTransportFailure(now), true);
  }

  private static FailureContext dataFailure(FleetApiException api, Car car, Set<VehicleDataEndpoint> endpoints,
      Instant now) {
    return FailureContext.of(api, RequestKind.VEHICLE_DATA, car.account, now).withVehicle(car.vin)
        .withEndpoints(endpoints);
  }

  private void pauseAccount(String account, TokenUnavailableException unavailable) {
    Instant now = clock.now();
    for (Car car : cars.values()) {
      if (car.account.equals(account)) {
        apply(car, car.tracker.onPaused(pauseReason(unavailable), pauseUntil(unavailable, now), now), true);
        replan(car, now);
      }
    }
  }

  private void resumeAccount(String account) {
    Instant now = clock.now();
    stepEveryCarOf(account, tracker -> tracker.onResumed(now), now);
  }

  /** Takes the step for each car of the account; plans again those not being polled (a poll does as it lands). */
  private void stepEveryCarOf(String account, Function<VehicleTracker, VehicleTracker.Step> step, Instant now) {
    for (Car car : cars.values()) {
      if (car.account.equals(account)) {
        apply(car, step.apply(car.tracker), true);
        if (!car.inFlight) {
          replan(car, now);
        }
      }
    }
  }

  private static String pauseReason(TokenUnavailableException unavailable) {
    return "token_" + unavailable.state().name().toLowerCase();
  }

  /** Until a new consent when one is needed; otherwise the next list cycle looks again. */
  private Optional<Instant> pauseUntil(TokenUnavailableException unavailable, Instant now) {
    return unavailable.state() == AccountState.NEEDS_CONSENT
        ? Optional.empty()
        : Optional.of(now.plus(settings.listInterval()));
  }

  /** Once per month and scope: the hard cap stopped paid calls (issue 6's triage shows it). */
  private void announceBudgetCap(Car car, Instant now) {
    boolean appCapped = budget.remainingMicroUsd(now) == 0;
    String scope = appCapped ? "app" : "vehicle";
    String key = Budget.monthOf(now) + "/" + (appCapped ? "app" : car.vin);
    if (!capsAnnounced.add(key)) {
      return;
    }
    Instant resumes = Budget.nextMonthStart(now);
    triage.reporter().publish(new TriageEvent(TriageReason.BUDGET_EXHAUSTED, TriageReason.BUDGET_EXHAUSTED.severity(),
        appCapped
            ? "This month's API spend reached polling.budget.monthlyUsd."
            : "This vehicle's API spend this month reached polling.budget.monthlyUsdPerVehicle.",
        "Raise the budget and restart to resume sooner; otherwise paid calls resume on " + resumes + ".",
        appCapped ? AutoAction.PAUSE_APP : AutoAction.PAUSE_VEHICLE,
        appCapped ? null : car.account, appCapped ? null : car.vin, 0, null, now,
        Map.of("scope", scope, "resumes_at", resumes.toString())));
  }

  /**
   * Runs {@code call} with the account's token; on a 401 asks the token source for another token and
   * retries exactly once (a refresh elsewhere revokes old access tokens: FACTS.md, "OAuth").
   */
  private <T> Future<T> withToken(String account, RequestKind kind, String vin,
      Function<BearerToken, Future<T>> call) {
    return tokens.accessToken(account).compose(token -> {
      noteScopes(account, token);
      return call.apply(token).recover(err -> {
        if (err instanceof FleetApiException api && api.status() == 401) {
          // Shown even when the refresh below cures it (access_token_expired / _invalid), then acted on.
          refusals.report(FailureContext.of(api, kind, account, clock.now()).withVehicle(vin));
          return tokens.afterRejection(account, token).compose(fresh -> {
            noteScopes(account, fresh);
            return call.apply(fresh);
          });
        }
        return Future.failedFuture(err);
      });
    });
  }

  /** The token's {@code scp} claim, when it is a JWT (Tesla's are; FACTS.md "Access-token JWT claims"). */
  private void noteScopes(String account, BearerToken token) {
    // Every call passes here: decode a token's claims once, not per call (a hash, not the token, is kept).
    Integer fingerprint = token.value().hashCode();
    if (fingerprint.equals(claimsFingerprint.put(account, fingerprint))) {
      return;
    }
    AccessTokenClaims.parse(token.value()).ifPresent(claims -> claimsByAccount.put(account, claims));
  }

  private Set<String> grantedScopes(String account) {
    AccessTokenClaims claims = claimsByAccount.get(account);
    return claims == null ? Set.of() : Set.copyOf(claims.scopes());
  }

  private FleetApiClient api(String account) {
    return apis.of(account);
  }

  /** The cars as {@link RefusalResponder} changes them; every vin it names is one of {@link #cars}. */
  private final class RefusableCars implements RefusalResponder.Cars {
    @Override
    public List<String> accounts() {
      return cars.values().stream().map(car -> car.account).distinct().toList();
    }

    @Override
    public void pause(String vin, String reason, Optional<Instant> until, Instant now) {
      Car car = cars.get(vin);
      apply(car, car.tracker.onPaused(reason, until, now), true);
    }

    @Override
    public void pauseAccount(String account, String reason, Optional<Instant> until, Instant now) {
      stepEveryCarOf(account, tracker -> tracker.onPaused(reason, until, now), now);
    }

    @Override
    public void hold(String vin, Duration retryAfter, Instant now) {
      Car car = cars.get(vin);
      apply(car, car.tracker.onRateLimited(retryAfter, now), true);
    }

    @Override
    public void replan(String vin, Instant now) {
      FleetPoller.this.replan(cars.get(vin), now);
    }

    @Override
    public void pollAt(String vin, Instant at) {
      retryAt(cars.get(vin), at);
    }

    @Override
    public void listAt(Instant at) {
      nextListAt = at;
    }
  }
}
