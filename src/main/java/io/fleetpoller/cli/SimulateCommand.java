package io.fleetpoller.cli;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.sim.FleetSimulator;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: runs the Fleet API simulator alone until the process is stopped. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Runs the Tesla Fleet API simulator (OAuth, vehicles, vehicle_data, wake_up, region, "
        + "plus /sim/ledger, /sim/vehicles and /sim/faults) until stopped.")
public final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "18080", description = "Port to listen on, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--vehicles", defaultValue = "5", description = "Number of simulated cars (default: ${DEFAULT-VALUE}).")
  int vehicles;

  @Option(names = "--accounts", defaultValue = "1", description = "Number of owner accounts acct-1.. (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--speed", defaultValue = "1", description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the cars' daily lives (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sleep-after", defaultValue = "15m", converter = DurationConverter.class,
      description = "Idle time before a parked car sleeps (default: ${DEFAULT-VALUE}).")
  Duration sleepAfter;

  @Option(names = "--token-ttl", defaultValue = "8h", converter = DurationConverter.class,
      description = "Access token lifetime (default: ${DEFAULT-VALUE}).")
  Duration tokenTtl;

  @Option(names = "--refresh-grace", defaultValue = "0s", converter = DurationConverter.class,
      description = "How long a rotated refresh token stays usable (default: ${DEFAULT-VALUE}).")
  Duration refreshGrace;

  @Option(names = "--keep-old-access", description = "A refresh leaves earlier access tokens valid.")
  boolean keepOldAccess;

  @Option(names = "--rate-limit", defaultValue = "60",
      description = "Data calls per vehicle per simulated minute before 429 (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--client-id", defaultValue = "sim-client-id", description = "OAuth client id (default: ${DEFAULT-VALUE}).")
  String clientId;

  @Option(names = "--client-secret", defaultValue = "sim-client-secret",
      description = "OAuth client secret (default: the simulator's well-known one).")
  String clientSecret;

  @Option(names = "--redirect-uri", defaultValue = "http://localhost:8080/auth/callback",
      description = "The one registered redirect URI (default: ${DEFAULT-VALUE}).")
  String redirectUri;

  @Override
  public Integer call() throws Exception {
    CommandLine cli = spec.commandLine();
    SimulatorOptions options;
    FleetClock clock;
    try {
      options = new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
          keepOldAccess, rateLimit, clientId, clientSecret, redirectUri,
          SimulatorOptions.defaults().grantedScopes(), PricingConfig.teslaDefaults());
      clock = FleetClock.scaled(speed, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage(), e);
    }

    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // The JVM is going away either way.
      } finally {
        stopped.countDown();
      }
    }, "simulate-shutdown"));

    FleetSimulator simulator;
    try {
      simulator = FleetSimulator.start(vertx, options, clock).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      cli.getErr().println("simulate: could not start the simulator on " + host + ":" + port + ": " + cause.getMessage());
      cli.getErr().flush();
      vertx.close();
      return 1;
    }

    PrintWriter out = cli.getOut();
    out.println("Fleet API simulator running at speed " + speed + "x (Ctrl-C to stop)");
    out.println("  base URL       " + simulator.baseUrl());
    out.println("  authorize URL  " + simulator.authorizeUrl());
    out.println("  token URL      " + simulator.tokenUrl());
    out.println("  ledger         " + simulator.baseUrl() + "/sim/ledger");
    out.println("  vehicles       " + simulator.baseUrl() + "/sim/vehicles");
    out.println("  faults         " + simulator.baseUrl() + "/sim/faults");
    out.println("  client id      " + options.clientId());
    out.println("  redirect URI   " + options.redirectUri());
    out.println("  accounts       " + String.join(", ", simulator.accounts()));
    List<String> vins = simulator.vins();
    out.println("  VINs           " + String.join(", ", vins));
    out.flush();
    stopped.await();
    return 0;
  }
}
