package io.fleetpoller.cli;

import io.fleetpoller.auth.RedisConsentMarks;
import io.fleetpoller.auth.RedisTokenStore;
import io.fleetpoller.auth.RefreshBackoff;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenManager;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.coord.RedisFenceCounter;
import io.fleetpoller.coord.RedisLock;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.TokenResponse;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench singleflight}: N daemon instances (separate Vert.x instances, as separate
 * processes would have) on one Redis, M callers each, all asking for an account's token at the
 * instant it expires, against the simulator. Prints what the simulator saw: how many refreshes,
 * how many refresh-token reuses, and how long the followers waited.
 */
@Command(name = "singleflight", mixinStandardHelpOptions = true,
    description = "N instances x M callers hit one account's token expiry at once: count refreshes and reuse.")
final class SingleFlightBench implements Callable<Integer> {

  private static final String ACCOUNT = "acct-1";

  @Option(names = "--instances", defaultValue = "4", description = "Daemon instances (default ${DEFAULT-VALUE})")
  int instances;

  @Option(names = "--callers", defaultValue = "1000", description = "Concurrent callers per instance (default ${DEFAULT-VALUE})")
  int callers;

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "Redis to coordinate on; default: a throwaway redis-server started for the run")
  String redisUrl;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (instances < 1 || instances > 64 || callers < 1 || callers > 100_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--instances must be 1..64 and --callers 1..100000");
    }
    PrintWriter out = spec.commandLine().getOut();
    FleetClock clock = FleetClock.system();
    Path work = Files.createTempDirectory("fleet-poller-bench");
    ThrowawayRedis ownRedis = redisUrl == null ? ThrowawayRedis.start(work) : null;
    String url = ownRedis != null ? ownRedis.url() : redisUrl;
    String prefix = "bench:" + UUID.randomUUID() + ":";
    TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipher.randomBase64Key());
    Vertx simVertx = Vertx.vertx();
    List<Vertx> nodes = new ArrayList<>();
    try {
      SimulatorOptions simOptions = SimulatorOptions.defaults();
      FleetSimulator sim = FleetSimulator.start(simVertx, simOptions, clock).await();
      FleetApiClient authApi = FleetApiClient.create(simVertx, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
          .withClient(simOptions.clientId(), simOptions.clientSecret()), clock);
      FleetConfig.Tesla tesla = DemoCommand.demoConfig(ConfigLoader.defaults(), sim, work).tesla();
      TokenResponse consent = SimulatorLogin.consent(simVertx, tesla, authApi, ACCOUNT, ACCOUNT).await();
      authApi.close();

      List<TokenManager> managers = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        Vertx node = Vertx.vertx();
        nodes.add(node);
        RedisConnector redis = RedisConnector.connect(node, url);
        var store = RedisTokenStore.create(redis.api(), prefix, cipher);
        if (i == 0) {
          // Stored as already expired: every caller on every instance needs a refresh now.
          Instant now = clock.now();
          store.compareAndSet(new TokenRecord(ACCOUNT, consent.refreshToken(), consent.accessToken(),
              now.minusSeconds(1), 0, now.minusSeconds(3600), 0), 0).await();
        }
        FleetApiClient api = FleetApiClient.create(node, FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl())
            .withClient(simOptions.clientId(), simOptions.clientSecret()), clock);
        String instanceId = "bench-" + i;
        var manager = new TokenManager(node, store, account -> api, new RedisLock(redis.api(), prefix, instanceId, clock),
            new RedisFenceCounter(redis.api(), prefix), new RedisConsentMarks(redis.api(), prefix), cipher, work.resolve("spill-" + i + ".enc"), clock,
            new TokenManager.Settings(Duration.ofMinutes(10), Duration.ofSeconds(10), instanceId, RefreshBackoff.DEFAULT),
            new SimpleMeterRegistry());
        manager.start().await();
        managers.add(manager);
      }

      long start = System.nanoTime();
      List<Future<Long>> waits = new ArrayList<>();
      for (TokenManager manager : managers) {
        for (int c = 0; c < callers; c++) {
          waits.add(manager.accessToken(ACCOUNT).map(token -> System.nanoTime() - start));
        }
      }
      Future.all(waits).await();
      List<String> distinct = managers.stream()
          .map(m -> m.accessToken(ACCOUNT).await()).map(BearerToken::value).distinct().toList();
      long[] micros = waits.stream().mapToLong(f -> f.result() / 1_000).sorted().toArray();

      JsonObject ledger = sim.ledger();
      out.printf("bench singleflight: %d instances x %d callers = %d token requests at expiry%n",
          instances, callers, instances * callers);
      out.printf("  refreshes seen by the simulator : %d%n",
          ledger.getJsonObject("token_grants").getInteger("refresh_token", 0));
      out.printf("  refresh-token reuse             : %d%n", ledger.getInteger("refresh_token_reuse", 0));
      out.printf("  distinct access tokens handed out: %d%n", distinct.size());
      out.printf("  caller wait p50 / p99 / max      : %.1f / %.1f / %.1f ms%n",
          percentile(micros, 0.50) / 1000.0, percentile(micros, 0.99) / 1000.0, micros[micros.length - 1] / 1000.0);
      out.flush();
      managers.forEach(TokenManager::stop);
      return Main.EXIT_OK;
    } finally {
      for (Vertx node : nodes) {
        node.close().await();
      }
      simVertx.close().await();
      if (ownRedis != null) {
        ownRedis.stop();
      }
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

}
