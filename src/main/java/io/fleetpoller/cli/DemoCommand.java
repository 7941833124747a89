package io.fleetpoller.cli;

import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.fleetpoller.telemetry.MetricsRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the simulator and the daemon in one process, embedded mode, no Redis and no Tesla
 * account: consent through the simulator's OAuth pages, tokens in a throwaway encrypted file, a
 * live table of the fleet, and a summary with what the polling cost.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the simulator and the daemon together and watch the fleet (no Redis, no Tesla account).")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--vehicles", defaultValue = "5", description = "Simulated vehicles (default ${DEFAULT-VALUE})")
  int vehicles;

  @Option(names = "--speed", defaultValue = "300",
      description = "Simulated time runs this many times faster than real time (default ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "D",
      description = "Stop by itself after this much real time (e.g. 20s, 5m); default: until Ctrl-C")
  Duration duration;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated fleet's life (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--refresh-every", converter = DurationConverter.class, defaultValue = "2s", paramLabel = "D",
      description = "How often the table is redrawn, real time (default ${DEFAULT-VALUE})")
  Duration refreshEvery;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (vehicles < 1 || vehicles > 10_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--vehicles must be 1..10000");
    }
    if (!(speed > 0) || speed > 100_000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--speed must be > 0 and <= 100000");
    }
    PrintWriter out = spec.commandLine().getOut();
    // Start the simulated day just before the morning commute so there is something to watch.
    Instant start = LocalDate.now(ZoneOffset.UTC).atTime(7, 0).toInstant(ZoneOffset.UTC);
    FleetClock clock = FleetClock.scaled(speed, start);
    var metrics = MetricsRuntime.newRegistry();
    Vertx vertx = MetricsRuntime.newVertx(metrics);
    Path workDir = Files.createTempDirectory("fleet-poller-demo");
    CountDownLatch summaryPrinted = new CountDownLatch(1);
    try {
      FleetSimulator sim = FleetSimulator.start(vertx,
          SimulatorOptions.defaults().withVehicles(vehicles).withSeed(seed), clock).await();
      FleetConfig config = demoConfig(ConfigLoader.load(vertx, Optional.empty(), Map.of()).await(), sim, workDir);
      TokenStore store = FileTokenStore.open(vertx, config.tokens().file(),
          TokenCipher.fromBase64Key(config.tokens().encryptionKey().orElseThrow())).await();
      FleetApiClient authApi = FleetApiClient.create(vertx,
          FleetApiOptions.of(sim.baseUrl(), sim.tokenUrl()).withClient(
              config.tesla().clientId().orElseThrow(), config.tesla().clientSecret().orElseThrow()), clock);
      for (String account : sim.accounts()) {
        SimulatorLogin.login(vertx, config.tesla(), authApi, store, clock, account, account).await();
      }
      authApi.close();
      FleetPollerDaemon daemon = FleetPollerDaemon.start(vertx, metrics, config, clock, store).await();
      out.printf("fleet-poller demo: %d simulated vehicles, time x%s; simulator %s%n",
          vehicles, speed, sim.baseUrl());
      out.printf("status page: http://127.0.0.1:%d/  web API: /api/vehicles  metrics: /metrics%n",
          daemon.httpPort());
      out.println(duration == null ? "Ctrl-C to stop." : "stopping by itself after " + duration.toSeconds() + "s.");
      out.flush();

      CountDownLatch finished = new CountDownLatch(1);
      // On Ctrl-C the JVM exits once its hooks return: hold it until the summary is printed.
      Thread hook = new Thread(() -> {
        finished.countDown();
        try {
          summaryPrinted.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "demo-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
      while (true) {
        long waitMillis = Math.min(refreshEvery.toMillis(), Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        boolean interrupted = finished.await(waitMillis, TimeUnit.MILLISECONDS);
        drawTable(out, clock, daemon);
        if (interrupted || System.nanoTime() >= deadline) {
          break;
        }
      }
      printSummary(out, clock, start, daemon, sim.ledger());
      daemon.stop().await();
      sim.close().await();
      return Main.EXIT_OK;
    } finally {
      vertx.close().await();
      deleteQuietly(workDir);
      summaryPrinted.countDown();
    }
  }

  private void drawTable(PrintWriter out, FleetClock clock, FleetPollerDaemon daemon) {
    if (System.console() != null) {
      out.print("\033[H\033[2J"); // clear an interactive terminal; piped output just scrolls
    }
    out.printf("%nsimulated time %s%n", clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    out.print(StatusTable.render(daemon.vehicles().all(), clock.now()));
    out.flush();
  }

  private static void printSummary(
      PrintWriter out, FleetClock clock, Instant start, FleetPollerDaemon daemon, JsonObject ledger) {
    Duration simulated = Duration.between(start, clock.now());
    long calls = daemon.vehicles().all().stream().mapToLong(v -> v.calls()).sum();
    long microUsd = daemon.vehicles().all().stream().mapToLong(v -> v.microUsd()).sum();
    out.printf("%nsummary: %d vehicles observed over %d simulated minutes%n",
        daemon.vehicles().all().size(), simulated.toMinutes());
    out.printf("  daemon's tally: %d vehicle calls, USD %.4f%n", calls, PricingConfig.toUsd(microUsd));
    out.printf("  simulator's ledger: USD %.4f, requests %s, statuses %s, wakes %d%n",
        ledger.getDouble("usd_total", 0.0),
        ledger.getJsonObject("requests", new JsonObject()).encode(),
        ledger.getJsonObject("status", new JsonObject()).encode(),
        ledger.getInteger("wakes", 0));
    out.flush();
  }

  /** The built-in defaults pointed at {@code sim}: its URLs and client, a throwaway key and file. */
  static FleetConfig demoConfig(FleetConfig defaults, FleetSimulator sim, Path workDir) {
    SimulatorOptions simOptions = SimulatorOptions.defaults();
    FleetConfig.Tesla tesla = defaults.tesla();
    return new FleetConfig(
        new FleetConfig.Http("127.0.0.1", 0),
        defaults.instance(),
        new FleetConfig.Redis(Optional.empty(), defaults.redis().keyPrefix()),
        new FleetConfig.Tokens(FleetConfig.Tokens.STORE_FILE, workDir.resolve("tokens.enc"),
            Optional.of(TokenCipher.randomBase64Key()), defaults.tokens().refreshAhead(),
            defaults.tokens().lockTtl(), workDir.resolve("tokens.spill.enc")),
        new FleetConfig.Tesla(Optional.of(simOptions.clientId()), Optional.of(simOptions.clientSecret()),
            simOptions.redirectUri(), tesla.scopes(), sim.authorizeUrl(), sim.tokenUrl(), sim.baseUrl(),
            tesla.requestTimeout(), tesla.maxResponseBytes()),
        defaults.polling(),
        defaults.pricing(),
        defaults.metrics());
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
