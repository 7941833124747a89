package io.fleetpoller.cli;

import io.fleetpoller.bench.CostBenchReport;
import io.fleetpoller.bench.DetectionStats;
import io.fleetpoller.bench.PeerPolicies;
import io.fleetpoller.bench.PolicyResult;
import io.fleetpoller.bench.SessionEventLog;
import io.fleetpoller.bench.SessionKind;
import io.fleetpoller.bench.SessionMatcher;
import io.fleetpoller.bench.TruthSession;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.events.EventAddresses;
import io.fleetpoller.sim.SimulatorOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench cost}: for each policy, the real daemon against the real simulator for a simulated
 * day, both on one scaled clock, then what it cost and what it saw: the simulator's ledger (calls,
 * USD, wakes, awake time) and its true sessions matched against the daemon's session events.
 */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Each policy polls the same simulated fleet for the same simulated day: cost, wakes,",
        "awake time caused, sessions detected and detection latency, side by side."},
    footer = {"", "The policies run with no budget cap unless --budget is given; with --budget a second table",
        "shows cost-aware under that monthly budget. Runs one policy after another: about",
        "hours * 3600 / speed real seconds each (24 h at 720 = 2 minutes).", "", PeerPolicies.HELP})
final class CostBench implements Callable<Integer> {

  static final List<String> ALL_POLICIES =
      List.of("cost-aware", "fixed:30s", "fixed:5m", "homeassistant-like", "teslamate-like");
  /** No cap: a budget no simulated day can reach, so policies are compared on equal terms. */
  private static final double UNLIMITED_USD = 1_000_000;

  @Option(names = "--vehicles", defaultValue = "50", description = "Simulated vehicles (default ${DEFAULT-VALUE})")
  int vehicles;

  @Option(names = "--accounts", defaultValue = "5", description = "Accounts they belong to (default ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--hours", defaultValue = "24", description = "Simulated hours per policy (default ${DEFAULT-VALUE})")
  double hours;

  @Option(names = "--speed", defaultValue = "720", description = "Simulated seconds per real second (default ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--seed", defaultValue = "7", description = "Simulator seed: the same fleet life for every policy (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--start", defaultValue = "2026-03-02T00:00:00Z",
      description = "Simulated start, UTC (default ${DEFAULT-VALUE}, a Monday at midnight)")
  Instant start;

  @Option(names = "--policy", split = ",", paramLabel = "P",
      description = "Policies to run, comma separated: cost-aware, fixed:<interval>, homeassistant-like,"
          + " teslamate-like (default: all five of the issue)")
  List<String> policies;

  @Option(names = "--budget", paramLabel = "USD",
      description = "Also run cost-aware with polling.budget.monthlyUsd = USD and show it in a second table")
  Double budgetUsd;

  @Option(names = "--show-misses", description = "List each session a policy did not detect, with what it did detect of that car")
  boolean showMisses;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> chosen = policies == null || policies.isEmpty() ? ALL_POLICIES : policies;
    validate(chosen);
    PrintWriter out = spec.commandLine().getOut();
    FleetConfig defaults = ConfigLoader.defaults();
    out.printf("bench cost: %d vehicles in %d accounts, %.1f simulated hours from %s at x%.0f, seed %d%n",
        vehicles, accounts, hours, start, speed, seed);
    out.flush();
    List<PolicyResult> results = new ArrayList<>();
    Duration margin = SessionMatcher.DEFAULT_END_MARGIN;
    for (String policy : chosen) {
      results.add(run(defaults, policy, UNLIMITED_USD, policy, out));
    }
    out.println();
    out.print(CostBenchReport.render(results, margin));
    if (budgetUsd != null) {
      List<PolicyResult> budgeted = new ArrayList<>();
      results.stream().filter(r -> r.policy().equals(CostBenchReport.COST_AWARE)).findFirst()
          .ifPresent(budgeted::add);
      String label = String.format(java.util.Locale.ROOT, "cost-aware $%.2f/mo", budgetUsd);
      budgeted.add(run(defaults, "cost-aware", budgetUsd, label, out));
      out.println();
      out.printf("With polling.budget.monthlyUsd = %.2f (paced on the month's projected spend):%n", budgetUsd);
      out.print(CostBenchReport.table(budgeted));
    }
    out.flush();
    return 0;
  }

  private void validate(List<String> chosen) {
    if (vehicles < 1 || vehicles > 10_000 || accounts < 1 || accounts > vehicles) {
      throw new ParameterException(spec.commandLine(), "--vehicles must be 1..10000 and --accounts 1..vehicles");
    }
    if (!(hours > 0) || hours > 24 * 31 || !(speed >= 1) || speed > 10_000) {
      throw new ParameterException(spec.commandLine(), "--hours must be in (0, 744] and --speed in [1, 10000]");
    }
    if (budgetUsd != null && !(budgetUsd >= 0)) {
      throw new ParameterException(spec.commandLine(), "--budget must be a number of USD >= 0");
    }
    for (String policy : chosen) {
      if (!FleetConfig.Polling.isKnownPolicy(policy)) {
        throw new ParameterException(spec.commandLine(), "unknown policy '" + policy
            + "': choose from cost-aware, fixed:<interval> (e.g. fixed:30s), homeassistant-like, teslamate-like");
      }
    }
  }

  private PolicyResult run(FleetConfig defaults, String policy, double monthlyUsd, String label, PrintWriter out)
      throws Exception {
    FleetClock clock = FleetClock.scaled(speed, start);
    Instant end = start.plus(Duration.ofSeconds(Math.round(hours * 3600)));
    Path work = Files.createTempDirectory("fleet-poller-bench-cost");
    SimulatorOptions simOptions = SimulatorOptions.defaults().withVehicles(vehicles).withAccounts(accounts)
        .withSeed(seed);
    SimulatedFleet fleet = SimulatedFleet.start(simOptions, clock, defaults, work, config -> config.withPolling(
        config.polling().withPolicy(policy).withBudget(new FleetConfig.Budget(monthlyUsd, Optional.empty()))))
        .await();
    try {
      SessionEventLog log = new SessionEventLog();
      var instance = fleet.startInstance("bench").await();
      instance.vertx().eventBus().<JsonObject>consumer(EventAddresses.VEHICLE_STATE, message -> {
        JsonObject event = message.body();
        log.add(event.getString("type"), event.getString("vehicle"), Instant.parse(event.getString("at")));
      });
      long realStart = System.nanoTime();
      while (clock.now().isBefore(end)) {
        Thread.sleep(Math.max(1, Math.min(1_000, clock.realMillis(Duration.between(clock.now(), end)))));
      }
      JsonObject ledger = fleet.sim().ledger();
      var truth = TruthSession.fromSimulator(fleet.sim().sessions());
      SessionMatcher matcher = new SessionMatcher(start, end, SessionMatcher.DEFAULT_END_MARGIN);
      Map<SessionKind, DetectionStats> stats = matcher.match(truth, log.sessions());
      if (showMisses) {
        for (TruthSession miss : matcher.missed(truth, log.sessions())) {
          out.printf("    missed %s %s %s..%s; detected for that car: %s%n", miss.kind(), miss.vehicle(),
              miss.start(), miss.end(), log.sessions().stream()
                  .filter(d -> d.vehicle().equals(miss.vehicle()) && d.kind() == miss.kind())
                  .map(d -> d.startedAt() + ".." + d.endedAt()).toList());
        }
      }
      PolicyResult result = new PolicyResult(label, vehicles, hours, ledger.getDouble("usd_total", 0.0),
          ledger.getJsonObject("requests", new JsonObject()).getLong("vehicle_data", 0L),
          ledger.getLong("wakes", 0L), sum(ledger, "awake_seconds_caused"),
          fleet.sim().awakeSeconds().values().stream().mapToLong(Long::longValue).sum(),
          stats.getOrDefault(SessionKind.DRIVE, DetectionStats.none()),
          stats.getOrDefault(SessionKind.CHARGE, DetectionStats.none()));
      out.printf("  %-24s done in %.0f s real: %d vehicle_data calls, %.3f USD%n", label,
          (System.nanoTime() - realStart) / 1e9, result.vehicleDataCalls(), result.totalUsd());
      out.flush();
      return result;
    } finally {
      fleet.close().await();
      deleteQuietly(work);
    }
  }

  private static long sum(JsonObject ledger, String field) {
    JsonObject byVehicle = ledger.getJsonObject("by_vehicle", new JsonObject());
    long total = 0;
    for (String vin : byVehicle.fieldNames()) {
      total += byVehicle.getJsonObject(vin).getLong(field, 0L);
    }
    return total;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}
