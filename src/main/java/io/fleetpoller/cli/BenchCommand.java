package io.fleetpoller.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bench <scenario>}: benchmarks that run the real code against the simulator on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks against the simulator (no Tesla account, no money).",
    subcommands = {CostBench.class, SingleFlightBench.class})
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_USAGE;
  }
}
