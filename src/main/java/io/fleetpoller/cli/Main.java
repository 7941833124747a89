package io.fleetpoller.cli;

import io.fleetpoller.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar fleet-poller.jar <command>}. Exit codes (DESIGN.md, "CLI"): 0 ok, 1 runtime
 * failure, 2 bad usage or bad config, with the offending key named.
 */
@Command(
    name = "fleet-poller",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps a Tesla fleet observed through the Fleet API for as little money as possible.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      TokenCommand.class,
      DoctorCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with the project's error handling; tests execute commands through it. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
      Throwable cause = rootOf(error);
      if (cause instanceof ConfigException config) {
        commandLine.getErr().println("config error: " + config.getMessage());
        return EXIT_USAGE;
      }
      commandLine.getErr().println("error: " + describe(cause));
      return EXIT_FAILURE;
    });
    return cli;
  }

  private static Throwable rootOf(Throwable error) {
    Throwable current = error;
    while ((current instanceof java.util.concurrent.CompletionException
            || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String describe(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
  }
}
