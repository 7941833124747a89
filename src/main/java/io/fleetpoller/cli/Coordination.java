package io.fleetpoller.cli;

import io.fleetpoller.auth.ConsentMarks;
import io.fleetpoller.auth.ConsentStates;
import io.fleetpoller.auth.FileConsentMarks;
import io.fleetpoller.auth.InMemoryConsentStates;
import io.fleetpoller.auth.RedisConsentMarks;
import io.fleetpoller.auth.RedisConsentStates;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.coord.DistributedLock;
import io.fleetpoller.coord.FenceCounter;
import io.fleetpoller.coord.InProcessFenceCounter;
import io.fleetpoller.coord.InProcessLock;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisFenceCounter;
import io.fleetpoller.coord.RedisLock;
import io.fleetpoller.poll.AccountRegions;
import io.fleetpoller.poll.CostLedger;
import io.fleetpoller.poll.FileAccountRegions;
import io.fleetpoller.poll.RedisAccountRegions;
import io.fleetpoller.poll.InMemoryCostLedger;
import io.fleetpoller.poll.InMemorySharedSnapshots;
import io.fleetpoller.poll.RedisCostLedger;
import io.fleetpoller.poll.RedisSharedSnapshots;
import io.fleetpoller.poll.SharedSnapshots;
import io.fleetpoller.triage.InMemoryTriageLog;
import io.fleetpoller.triage.RedisTriageLog;
import io.fleetpoller.triage.TriageLog;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * What instances share: refresh locks, fencing numbers, pending consents, poll leases, the cost
 * ledger and the latest snapshots — in Redis when {@code redis.url} is set, in this process
 * otherwise (embedded mode). {@code redis} is the pooled client itself (for the readiness ping), empty
 * in embedded mode.
 */
record Coordination(DistributedLock lock, FenceCounter fences, ConsentStates consents, ConsentMarks consentMarks,
    DistributedLock pollLeases, CostLedger ledger, SharedSnapshots snapshots, TriageLog triageLog, AccountRegions regions,
    Optional<RedisConnector> redis) {

  /** How many triage events the log keeps (the Redis stream trims to about this many). */
  static final int TRIAGE_LOG_LENGTH = 1_000;

  /** Only the needs-consent marks, for commands that show account state. */
  static ConsentMarks marks(Vertx vertx, FleetConfig config) {
    return config.redis().embedded()
        ? new FileConsentMarks(vertx, config.tokens().file())
        : new RedisConsentMarks(RedisConnector.connect(vertx, config.redis()).api(), config.redis().keyPrefix());
  }

  static Coordination of(Vertx vertx, FleetConfig config, FleetClock clock, TokenCipher cipher) {
    String instance = config.instance().id();
    if (config.redis().embedded()) {
      return new Coordination(new InProcessLock(clock, instance), new InProcessFenceCounter(),
          new InMemoryConsentStates(clock), new FileConsentMarks(vertx, config.tokens().file()),
          new InProcessLock(clock, instance), new InMemoryCostLedger(), new InMemorySharedSnapshots(),
          new InMemoryTriageLog(TRIAGE_LOG_LENGTH),
          new FileAccountRegions(vertx, FileAccountRegions.besideTokens(config.tokens().file())), Optional.empty());
    }
    RedisConnector redis = RedisConnector.connect(vertx, config.redis());
    String prefix = config.redis().keyPrefix();
    return new Coordination(new RedisLock(redis.api(), prefix, instance, clock),
        new RedisFenceCounter(redis.api(), prefix), new RedisConsentStates(redis.api(), prefix, cipher, clock),
        new RedisConsentMarks(redis.api(), prefix),
        new RedisLock(redis.api(), prefix, "lease:", instance, clock),
        RedisCostLedger.create(redis.api(), prefix), RedisSharedSnapshots.create(redis.api(), prefix),
        RedisTriageLog.create(redis.api(), prefix, TRIAGE_LOG_LENGTH), new RedisAccountRegions(redis.api(), prefix),
        Optional.of(redis));
  }
}
