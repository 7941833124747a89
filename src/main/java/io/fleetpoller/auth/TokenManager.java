package io.fleetpoller.auth;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.DistributedLock;
import io.fleetpoller.coord.FenceCounter;
import io.fleetpoller.coord.LockLease;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.TokenResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out a valid access token per account and refreshes it so that a refresh token is never
 * lost nor used twice (FACTS.md, "OAuth": refresh tokens are single-use, a refresh revokes the old
 * access tokens, whether a grace window exists is disputed).
 *
 * <p>The refresh protocol, per account:
 * <ol>
 *   <li>Inside the process, concurrent callers share one in-flight refresh.
 *   <li>Across processes, only the holder of {@code lock:refresh:{account}} refreshes. It re-reads
 *       the store first (a peer may have refreshed already: then no call), takes a fencing number,
 *       calls the token endpoint, writes the new pair with the fence (the store refuses an older
 *       fence), and releases the lock owner-checked. Others wait for the new version, up to the
 *       lock's TTL, then run the protocol again.
 *   <li>The new pair is persisted before the new access token is used. If the store cannot take it,
 *       it goes to an encrypted spill file and is written back when the store answers again.
 *   <li>A transport failure may mean Tesla rotated and the answer was lost: retry once with the
 *       same refresh token (a server with a grace window recovers). A 401 then, or any
 *       {@code login_required}, puts the account in {@code NEEDS_CONSENT}: never a loop.
 *   <li>5xx and timeouts back off exponentially with jitter while the current token lasts.
 * </ol>
 */
public final class TokenManager implements TokenSource, StoredAccountStatusView.AccountHealth {

  private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);

  /** A waiter re-runs the whole protocol at most this many times before it gives up for now. */
  private static final int MAX_ROUNDS = 3;
  private static final long WAIT_FIRST_POLL_MS = 20;
  private static final long WAIT_MAX_POLL_MS = 500;
  private static final long PERSIST_RETRY_FIRST_MS = 500;
  private static final long PERSIST_RETRY_MAX_MS = 15_000;

  /** What the manager is tuned with; see {@code tokens.*} in the config. */
  public record Settings(Duration refreshAhead, Duration lockTtl, String instanceId, RefreshBackoff backoff) {}

  /** How long a NEEDS_CONSENT verdict is trusted before the shared marks are read again. */
  private static final long CONSENT_RECHECK_SECONDS = 30;
  private static final Duration CONSENT_RECHECK = Duration.ofSeconds(CONSENT_RECHECK_SECONDS);

  /** {@code retryAt}: next refresh attempt (REFRESH_FAILING) or next look at the marks (NEEDS_CONSENT). */
  private record Health(AccountState state, String reason, int failures, Instant retryAt) {
    static final Health ACTIVE = new Health(AccountState.ACTIVE, null, 0, null);
  }

  private final Vertx vertx;
  private final TokenStore store;
  private final Function<String, FleetApiClient> apiForAccount;
  private final DistributedLock lock;
  private final FenceCounter fences;
  private final ConsentMarks marks;
  private final SpillFile spill;
  private final FleetClock clock;
  private final Settings settings;
  private final RefreshTiming timing;
  private final TokenEventPublisher events;
  private final TokenMetrics metrics;

  /** The newest record known per account: the store's, or a rotated pair not yet persisted. */
  private final Map<String, TokenRecord> latest = new ConcurrentHashMap<>();
  /** Rotated pairs the store has not taken yet (also in the spill file). */
  private final Map<String, TokenRecord> unpersisted = new ConcurrentHashMap<>();
  private final Map<String, Future<TokenRecord>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Health> health = new ConcurrentHashMap<>();
  /** The last mark/clear per account: writes run one after the other, reads wait for them. */
  private final Map<String, Future<Void>> markWrites = new ConcurrentHashMap<>();
  private long persistTimer = -1;
  private long persistDelayMs = PERSIST_RETRY_FIRST_MS;
  private volatile boolean stopped;

  public TokenManager(
      Vertx vertx,
      TokenStore store,
      Function<String, FleetApiClient> apiForAccount,
      DistributedLock lock,
      FenceCounter fences,
      ConsentMarks marks,
      TokenCipher spillCipher,
      java.nio.file.Path spillFile,
      FleetClock clock,
      Settings settings,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.store = store;
    this.apiForAccount = apiForAccount;
    this.lock = lock;
    this.fences = fences;
    this.marks = marks;
    this.spill = new SpillFile(vertx, spillFile, spillCipher);
    this.clock = clock;
    this.settings = settings;
    this.timing = new RefreshTiming(settings.refreshAhead(), settings.instanceId());
    this.events = new TokenEventPublisher(vertx.eventBus(), clock);
    this.metrics = new TokenMetrics(meters, clock, account -> {
      TokenRecord record = latest.get(account);
      return record == null ? null : record.accessExpiresAt();
    }, this::state);
  }

  /**
   * Reads the spill file left by an earlier run and writes back every pair newer than the store's
   * (the highest version wins). A store that is down now does not stop the start: the pairs stay
   * pending and are retried.
   */
  public Future<Void> start() {
    return spill.readAll()
        .onSuccess(records -> {
          if (!records.isEmpty()) {
            LOG.warn("found {} rotated token pair(s) in the spill file {}: writing them back to the store",
                records.size(), spill.path());
          }
          records.values().forEach(record -> {
            unpersisted.put(record.account(), record);
            latest.merge(record.account(), record, TokenManager::newer);
          });
        })
        .compose(records -> records.isEmpty() ? Future.succeededFuture() : persistPending().recover(err -> {
          schedulePersistRetry();
          return Future.succeededFuture();
        }))
        .mapEmpty();
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(persistTimer);
  }

  // ---- TokenSource

  @Override
  public Future<BearerToken> accessToken(String account) {
    Health h = health.getOrDefault(account, Health.ACTIVE);
    if (h.state() == AccountState.NEEDS_CONSENT) {
      return needsConsent(account).compose(still -> still
          ? Future.failedFuture(needsConsent(account, reason(account).orElse(h.reason())))
          : accessToken(account));
    }
    return current(account).compose(record -> {
      Instant now = clock.now();
      if (timing.usable(record, now)) {
        return Future.succeededFuture(bearer(record));
      }
      Health latestHealth = health.getOrDefault(account, Health.ACTIVE);
      if (latestHealth.state() == AccountState.REFRESH_FAILING && now.isBefore(latestHealth.retryAt())) {
        // Backing off: keep using the current token while it lasts.
        if (record.accessValidAt(now, Duration.ZERO)) {
          return Future.succeededFuture(bearer(record));
        }
        return Future.failedFuture(new TokenUnavailableException(account, AccountState.REFRESH_FAILING,
            "account " + account + ": the access token expired and the token endpoint is failing ("
                + latestHealth.reason() + "); next attempt at " + latestHealth.retryAt()));
      }
      return refresh(account, record.version()).map(this::bearer).recover(err -> {
        // A refresh that failed for now does not make a token that is still valid unusable.
        boolean transientFailure = err instanceof TokenUnavailableException t
            && t.state() == AccountState.REFRESH_FAILING;
        return transientFailure && record.accessValidAt(clock.now(), Duration.ZERO)
            ? Future.succeededFuture(bearer(record))
            : Future.failedFuture(err);
      });
    });
  }

  @Override
  public Future<BearerToken> afterRejection(String account, BearerToken rejected) {
    Health h = health.getOrDefault(account, Health.ACTIVE);
    if (h.state() == AccountState.NEEDS_CONSENT) {
      return Future.failedFuture(needsConsent(account, h.reason()));
    }
    // A peer's refresh revokes our access token (vehicle-command#160): look at the store first.
    return loadFresh(account).compose(record -> {
      Instant now = clock.now();
      if (record.accessToken() != null && !record.accessToken().equals(rejected.value())
          && record.accessValidAt(now, Duration.ZERO)) {
        return Future.succeededFuture(bearer(record));
      }
      if (h.state() == AccountState.REFRESH_FAILING && now.isBefore(h.retryAt())) {
        return Future.failedFuture(new TokenUnavailableException(account, AccountState.REFRESH_FAILING,
            "account " + account + ": the token was refused and the token endpoint is failing ("
                + h.reason() + "); next attempt at " + h.retryAt()));
      }
      return refresh(account, record.version()).map(this::bearer);
    });
  }

  // ---- account state, for the web API, the CLI and the consent flow

  @Override
  public AccountState state(String account) {
    return health.getOrDefault(account, Health.ACTIVE).state();
  }

  @Override
  public Optional<String> reason(String account) {
    return Optional.ofNullable(health.getOrDefault(account, Health.ACTIVE).reason());
  }

  /**
   * Whether the account waits for a person's consent, looking again at the shared marks when our
   * verdict is older than {@value #CONSENT_RECHECK_SECONDS} s (the consent may have come back through
   * another instance).
   */
  public Future<Boolean> needsConsent(String account) {
    Health h = health.getOrDefault(account, Health.ACTIVE);
    if (h.state() != AccountState.NEEDS_CONSENT) {
      return Future.succeededFuture(false);
    }
    if (clock.now().isBefore(h.retryAt())) {
      return Future.succeededFuture(true);
    }
    return marks.reason(account).otherwise(Optional.of(h.reason())).map(reason -> {
      if (reason.isEmpty()) {
        health.remove(account, h);
        latest.remove(account);
        LOG.info("account {} was consented through another instance; polling resumes", v("account", account));
        return false;
      }
      health.put(account, new Health(AccountState.NEEDS_CONSENT, reason.get(), 0, clock.now().plus(CONSENT_RECHECK)));
      return true;
    });
  }

  /**
   * A person consented again: forget the failure and the old tokens, read the new ones. Completes
   * once the shared needs-consent mark is cleared, so other instances resume the account too.
   */
  public Future<Void> consented(String account) {
    Future<Void> cleared = writeMark(account, () -> marks.clear(account)).onFailure(err -> LOG.warn(
        "account {}: could not clear its needs-consent mark: {}", v("account", account), err.getMessage()));
    health.remove(account);
    latest.remove(account);
    unpersisted.remove(account);
    events.consented(account);
    LOG.info("account {} consented again; polling resumes", v("account", account));
    return cleared;
  }

  // ---- the protocol

  private Future<TokenRecord> current(String account) {
    TokenRecord known = latest.get(account);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return store.load(account).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new TokenUnavailableException(account, AccountState.NEEDS_CONSENT,
            "no tokens stored for account " + account + ": run 'token import' or log in at /auth/login?account="
                + account));
      }
      metrics.track(account);
      TokenRecord record = remember(found.get());
      return markedReason(account).compose(reason -> reason.isPresent()
          ? Future.failedFuture(needsConsent(account, reason.get()))
          : Future.succeededFuture(record));
    });
  }

  private Future<Void> writeMark(String account, java.util.function.Supplier<Future<Void>> write) {
    Future<Void> written = markWrites.compute(account, (key, previous) ->
        (previous == null ? Future.<Void>succeededFuture() : previous.otherwiseEmpty()).compose(v -> write.get()));
    written.onComplete(done -> markWrites.remove(account, written));
    return written;
  }

  /** The shared needs-consent mark, taken into our state; empty when there is none or it cannot be read. */
  private Future<Optional<String>> markedReason(String account) {
    Future<Void> writing = markWrites.getOrDefault(account, Future.succeededFuture());
    return writing.otherwiseEmpty().compose(v -> marks.reason(account)).otherwise(Optional.empty()).onSuccess(reason -> reason.ifPresent(r ->
        health.put(account, new Health(AccountState.NEEDS_CONSENT, r, 0, clock.now().plus(CONSENT_RECHECK)))));
  }

  /** The store's record (or our unpersisted newer one), bypassing what we remembered. */
  private Future<TokenRecord> loadFresh(String account) {
    return store.load(account)
        .map(found -> {
          TokenRecord pending = unpersisted.get(account);
          TokenRecord fromStore = found.orElse(null);
          TokenRecord best = fromStore == null ? pending : pending == null ? fromStore : newer(fromStore, pending);
          if (best == null) {
            throw new TokenUnavailableException(account, AccountState.NEEDS_CONSENT,
                "no tokens stored for account " + account);
          }
          return remember(best);
        })
        .recover(err -> {
          if (err instanceof TokenUnavailableException) {
            return Future.failedFuture(err);
          }
          // Store unreachable: what we know is the best we have.
          TokenRecord known = latest.get(account);
          return known != null ? Future.succeededFuture(known) : Future.failedFuture(err);
        });
  }

  private TokenRecord remember(TokenRecord record) {
    return latest.merge(record.account(), record, TokenManager::newer);
  }

  private static TokenRecord newer(TokenRecord a, TokenRecord b) {
    return b.version() > a.version() ? b : a;
  }

  /** One refresh per account in this process at a time; later callers join it. */
  private Future<TokenRecord> refresh(String account, long seenVersion) {
    Promise<TokenRecord> mine = Promise.promise();
    Future<TokenRecord> running = inFlight.putIfAbsent(account, mine.future());
    if (running != null) {
      return running;
    }
    protocol(account, seenVersion, 1)
        .onComplete(done -> inFlight.remove(account, mine.future()))
        .onComplete(mine);
    return mine.future();
  }

  private Future<TokenRecord> protocol(String account, long seenVersion, int round) {
    return lock.tryAcquire("refresh:" + account, settings.lockTtl())
        .recover(err -> Future.failedFuture(transientFailure(account,
            "the refresh lock cannot be taken (" + err.getMessage() + ")")))
        .compose(lease -> {
          metrics.lockAcquire("refresh", lease.isPresent());
          return lease.isPresent()
              ? refreshUnderLock(account, seenVersion, lease.get())
              : waitForPeer(account, seenVersion, round);
        });
  }

  /** A peer holds the lock: wait for the version it writes, up to the lock's TTL, then try again. */
  private Future<TokenRecord> waitForPeer(String account, long seenVersion, int round) {
    Instant deadline = clock.now().plus(settings.lockTtl());
    Promise<TokenRecord> result = Promise.promise();
    pollForVersion(account, seenVersion, deadline, WAIT_FIRST_POLL_MS, round, result);
    return result.future();
  }

  private void pollForVersion(String account, long seenVersion, Instant deadline, long delayMs, int round,
      Promise<TokenRecord> result) {
    store.load(account).onComplete(loaded -> {
      TokenRecord record = loaded.succeeded() ? loaded.result().orElse(null) : null;
      if (record != null && record.version() > seenVersion && record.accessToken() != null) {
        metrics.refresh(account, TokenMetrics.PEER_REFRESHED);
        result.complete(remember(record));
      } else if (clock.now().isAfter(deadline)) {
        if (round >= MAX_ROUNDS) {
          result.fail(transientFailure(account, "no new token appeared while a peer held the refresh lock"));
        } else {
          // The holder may have died before refreshing: its lock has expired, run the protocol again.
          protocol(account, seenVersion, round + 1).onComplete(result);
        }
      } else {
        vertx.setTimer(delayMs, id -> pollForVersion(account, seenVersion, deadline,
            Math.min(delayMs * 2, WAIT_MAX_POLL_MS), round, result));
      }
    });
  }

  private Future<TokenRecord> refreshUnderLock(String account, long seenVersion, LockLease lease) {
    return store.load(account)
        .map(found -> found.orElse(null))
        .recover(err -> {
          // The store is down; go on from the newest pair we know (perhaps an unpersisted one).
          TokenRecord known = latest.get(account);
          return known != null ? Future.succeededFuture(null) : Future.failedFuture(err);
        })
        .compose(stored -> {
          TokenRecord pending = unpersisted.get(account);
          TokenRecord base = stored == null ? latest.get(account)
              : pending == null ? stored : newer(stored, pending);
          if (base == null) {
            return Future.failedFuture(new TokenUnavailableException(account, AccountState.NEEDS_CONSENT,
                "no tokens stored for account " + account));
          }
          if (stored != null && stored.version() > seenVersion && timing.usable(stored, clock.now())) {
            // A peer refreshed between our read and the lock: nothing to call.
            metrics.refresh(account, TokenMetrics.PEER_REFRESHED);
            return Future.succeededFuture(remember(stored));
          }
          // The version the store holds now: a pending pair was built on the store's version - 1.
          long storeVersion = stored != null ? stored.version()
              : base == pending ? base.version() - 1 : base.version();
          // A peer may have found the refresh token refused: then it is not tried again here.
          return markedReason(account).compose(marked -> marked.isPresent()
              ? Future.failedFuture(needsConsent(account, marked.get()))
              : fences.next(account)
                  .recover(err -> Future.failedFuture(transientFailure(account,
                      "no fencing number (" + err.getMessage() + ")")))
                  .compose(fence -> callTokenEndpoint(base, storeVersion, fence, false)));
        })
        .eventually(() -> lock.release(lease).recover(err -> Future.succeededFuture(false)));
  }

  private Future<TokenRecord> callTokenEndpoint(
      TokenRecord base, long storeVersion, long fence, boolean afterLostAnswer) {
    String account = base.account();
    return apiForAccount.apply(account).refresh(base.refreshToken())
        .compose(response -> persistRotation(base, response, storeVersion, fence))
        .recover(err -> {
          if (!(err instanceof FleetApiException api)) {
            return Future.failedFuture(err instanceof TokenUnavailableException ? err
                : transientFailure(account, err.getMessage()));
          }
          if (api.isTransportFailure() && !afterLostAnswer) {
            // The answer may have been lost after Tesla rotated: the same token once more.
            LOG.warn("refresh of account {} got no answer ({}): retrying once with the same refresh token",
                v("account", account), api.failure());
            return callTokenEndpoint(base, storeVersion, fence, true);
          }
          if (isRefreshTokenRefused(api)) {
            String reason = afterLostAnswer
                ? "the refresh response was lost: Tesla rotated the refresh token but its answer never"
                    + " arrived, and the old token is no longer accepted"
                : "the refresh token was refused (" + api.error() + "): it was used elsewhere, expired"
                    + " (3 months) or revoked by a password change";
            metrics.refresh(account, afterLostAnswer ? TokenMetrics.LOST_RESPONSE : TokenMetrics.LOGIN_REQUIRED);
            return markNeedsConsent(account, reason);
          }
          return Future.failedFuture(transientFailure(account,
              "token endpoint answered " + (api.status() == 0 ? api.failure().name().toLowerCase() : api.status())
                  + (api.error() != null ? " " + api.error() : "")));
        });
  }

  /** 401 {@code login_required} (FACTS.md) or an OAuth {@code invalid_grant}: the token is spent. */
  private static boolean isRefreshTokenRefused(FleetApiException api) {
    return api.status() == 401 || (api.status() == 400 && "invalid_grant".equals(api.error()));
  }

  private Future<TokenRecord> persistRotation(TokenRecord base, TokenResponse response, long storeVersion,
      long fence) {
    Instant now = clock.now();
    String account = base.account();
    // Tesla may omit a new refresh token; then the old one stays valid.
    String refreshToken = response.refreshToken() != null ? response.refreshToken() : base.refreshToken();
    TokenRecord rotated = new TokenRecord(account, refreshToken, response.accessToken(),
        AccessTokenExpiry.of(response, now), storeVersion + 1, now, fence);
    return store.compareAndSet(rotated, storeVersion)
        .map(saved -> {
          latest.put(account, saved);
          boolean hadSpill = unpersisted.remove(account) != null;
          if (hadSpill) {
            spill.writeAll(unpersisted);
          }
          health.remove(account);
          metrics.track(account);
          metrics.refresh(account, TokenMetrics.SUCCESS);
          events.refreshed(account, saved.version(), true);
          LOG.info("refreshed the tokens of account {} (version {})", v("account", account), saved.version());
          return saved;
        })
        .recover(err -> {
          if (err instanceof TokenStoreException.VersionConflict
              || err instanceof TokenStoreException.StaleFence) {
            // Someone wrote after our read although we held the lock (it had expired): the store's
            // pair is what every instance will use, so it wins.
            LOG.warn("account {}: the store changed during our refresh ({}); using the stored tokens",
                v("account", account), err.getMessage());
            return loadFresh(account);
          }
          return keepUnpersisted(rotated, err);
        });
  }

  /** The store is down: spill the pair to disk, keep it in memory, write it back later. */
  private Future<TokenRecord> keepUnpersisted(TokenRecord rotated, Throwable storeError) {
    String account = rotated.account();
    LOG.error("account {}: the token store did not take the rotated tokens ({}); keeping them in the spill"
        + " file {} until it does", v("account", account), storeError.getMessage(), spill.path());
    unpersisted.put(account, rotated);
    latest.put(account, rotated);
    health.remove(account);
    metrics.track(account);
    metrics.refresh(account, TokenMetrics.SUCCESS_UNPERSISTED);
    return spill.writeAll(unpersisted)
        .recover(spillError -> {
          LOG.error("account {}: the spill file could not be written either ({}); the rotated tokens live"
              + " only in memory until the store answers", v("account", account), spillError.getMessage());
          return Future.succeededFuture();
        })
        .map(v -> {
          events.refreshed(account, rotated.version(), false);
          schedulePersistRetry();
          return rotated;
        });
  }

  private synchronized void schedulePersistRetry() {
    if (stopped || persistTimer >= 0) {
      return;
    }
    persistTimer = vertx.setTimer(persistDelayMs, id -> {
      synchronized (this) {
        persistTimer = -1;
      }
      persistPending().onComplete(done -> {
        if (done.succeeded()) {
          persistDelayMs = PERSIST_RETRY_FIRST_MS;
        } else {
          persistDelayMs = Math.min(persistDelayMs * 2, PERSIST_RETRY_MAX_MS);
          schedulePersistRetry();
        }
      });
    });
  }

  /** Writes every pending pair that is newer than the store's; fails if any could not be written. */
  private Future<Void> persistPending() {
    var writes = unpersisted.values().stream().map(this::persistOne).toList();
    return Future.all(writes).<Void>mapEmpty().compose(v -> spill.writeAll(unpersisted));
  }

  private Future<Void> persistOne(TokenRecord pending) {
    String account = pending.account();
    return store.load(account).compose(found -> {
      long storeVersion = found.map(TokenRecord::version).orElse(0L);
      if (storeVersion >= pending.version()) {
        // The store already holds this version or a newer one: the highest version wins.
        unpersisted.remove(account, pending);
        return Future.succeededFuture();
      }
      return store.compareAndSet(pending, storeVersion).map(saved -> {
        unpersisted.remove(account, pending);
        latest.merge(account, saved, TokenManager::newer);
        LOG.info("account {}: the rotated tokens (version {}) are in the store again", v("account", account),
            saved.version());
        return null;
      });
    });
  }

  /**
   * Puts the account in NEEDS_CONSENT and fails once the shared mark is written (or could not be):
   * a restart or a peer right after this never finds the refused token unmarked and tries it again.
   */
  private <T> Future<T> markNeedsConsent(String account, String reason) {
    health.put(account, new Health(AccountState.NEEDS_CONSENT, reason, 0, clock.now().plus(CONSENT_RECHECK)));
    events.needsConsent(account, reason);
    LOG.warn("account {} needs a new consent: {}; polling it is paused until /auth/login?account={}",
        v("account", account), reason, account);
    return writeMark(account, () -> marks.mark(account, reason))
        .onFailure(err -> LOG.error(
            "account {}: could not record that it needs consent ({}); other instances will find out themselves",
            v("account", account), err.getMessage()))
        .otherwiseEmpty()
        .compose(written -> Future.failedFuture(needsConsent(account, reason)));
  }

  private static TokenUnavailableException needsConsent(String account, String reason) {
    return new TokenUnavailableException(account, AccountState.NEEDS_CONSENT,
        "account " + account + " needs a new consent (" + reason + "): open /auth/login?account=" + account);
  }

  private TokenUnavailableException transientFailure(String account, String reason) {
    Health before = health.getOrDefault(account, Health.ACTIVE);
    if (before.state() == AccountState.NEEDS_CONSENT) {
      return needsConsent(account, before.reason());
    }
    int failures = before.failures() + 1;
    Instant retryAt = clock.now().plus(settings.backoff().delay(failures, ThreadLocalRandom.current().nextDouble()));
    health.put(account, new Health(AccountState.REFRESH_FAILING, reason, failures, retryAt));
    metrics.refresh(account, TokenMetrics.TRANSIENT_FAILURE);
    events.refreshFailed(account, reason, retryAt);
    LOG.warn("refresh of account {} failed ({}); next attempt at {}", v("account", account), reason, retryAt);
    return new TokenUnavailableException(account, AccountState.REFRESH_FAILING,
        "account " + account + ": refresh failed (" + reason + ")");
  }

  private BearerToken bearer(TokenRecord record) {
    return new BearerToken(record.accessToken());
  }
}
