package io.fleetpoller.cli;

import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStoreException;
import io.fleetpoller.config.ConfigException;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code token sim-login --accounts N}: logs the simulator's accounts {@code acct-1 .. acct-N} in
 * without a person, through the real code flow (the simulator's authorize page consents at once),
 * and stores their tokens where the daemon reads them. For demo stacks where the simulator and the
 * daemon run as separate processes (docker/docker-compose.yml, profile demo). Never prints a token.
 */
@Command(name = "sim-login", mixinStandardHelpOptions = true,
    description = "Log the Fleet API simulator's accounts acct-1..acct-N in without a browser (demo stacks only).")
final class TokenSimulatorLoginCommand implements Callable<Integer> {

  /** The simulator names its owner accounts acct-1, acct-2, ... (SimulateCommand --accounts). */
  static final String ACCOUNT_PREFIX = "acct-";

  @Option(names = "--accounts", defaultValue = "1", paramLabel = "N",
      description = "How many simulator accounts to log in, acct-1..acct-N (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (accounts < 1 || accounts > 1_000) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--accounts must be 1..1000");
    }
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    try {
      FleetConfig cfg = config.load(vertx);
      refuseTesla(cfg.tesla());
      try (ConsentSession session = ConsentSession.open(vertx, cfg)) {
        for (int i = 1; i <= accounts; i++) {
          String account = ACCOUNT_PREFIX + i;
          TokenRecord saved = login(vertx, session, account, true).await();
          // A fresh consent ends a "needs consent" verdict (e.g. after the simulator restarted and
          // forgot its grants): the daemons re-read the marks and resume the account's cars.
          session.marks().clear(account).await();
          out.printf("logged in simulator account %s (version %d) in the %s token store%n",
              account, saved.version(), cfg.tokens().store());
          out.flush();
        }
        return Main.EXIT_OK;
      }
    } finally {
      vertx.close();
    }
  }

  /** One consent; a daemon refreshing the account at the same moment wins the version, so retry once. */
  private static Future<TokenRecord> login(Vertx vertx, ConsentSession session, String account, boolean mayRetry) {
    return SimulatorLogin.login(vertx, session.tesla(), session.api(), session.store(), session.clock(), account,
            account)
        .recover(err -> mayRetry && err instanceof TokenStoreException.VersionConflict
            ? login(vertx, session, account, false)
            : Future.failedFuture(err));
  }

  /**
   * The simulator consents for anyone who asks; Tesla shows a sign-in page. Pointed at Tesla this
   * command could only fail, after sending the client secret along: say what is wrong instead
   * (typically the demo stack started without {@code --env-file docker/demo.env}).
   */
  private static void refuseTesla(FleetConfig.Tesla tesla) {
    Map<String, String> urls = Map.of(
        "tesla.authorizeUrl", tesla.authorizeUrl(),
        "tesla.tokenUrl", tesla.tokenUrl(),
        "tesla.apiBaseUrl", tesla.apiBaseUrl());
    urls.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .filter(entry -> isTesla(entry.getValue()))
        .findFirst()
        .ifPresent(entry -> {
          throw new ConfigException(entry.getKey(), entry.getKey() + " points at Tesla (" + entry.getValue()
              + "): sim-login logs in to the Fleet API simulator only; point tesla.authorizeUrl, tokenUrl"
              + " and apiBaseUrl at the simulator (the compose demo: --env-file docker/demo.env)");
        });
  }

  private static boolean isTesla(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.equals("tesla.com") || lower.endsWith(".tesla.com")
        || lower.equals("tesla.cn") || lower.endsWith(".tesla.cn");
  }
}
