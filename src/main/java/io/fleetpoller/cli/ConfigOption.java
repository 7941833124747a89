package io.fleetpoller.cli;

import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --config FILE} for every command that reads the daemon's configuration. */
final class ConfigOption {

  static final Path DEFAULT_FILE = Path.of("conf", "fleet-poller.yaml");

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML with the keys to change over the built-in defaults (default: ${DEFAULT-VALUE} when it exists)")
  Path file;

  /** Defaults, then the file (given, or conf/fleet-poller.yaml when present), then the environment. */
  FleetConfig load(Vertx vertx) {
    Optional<Path> chosen = file != null ? Optional.of(file)
        : Files.isRegularFile(DEFAULT_FILE) ? Optional.of(DEFAULT_FILE) : Optional.empty();
    return ConfigLoader.load(vertx, chosen, System.getenv()).await();
  }
}
