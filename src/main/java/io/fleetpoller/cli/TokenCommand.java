package io.fleetpoller.cli;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.Durations;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token import|status}: put a refresh token in the store, see token health. Never prints a secret. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Manage the accounts' OAuth tokens (values are never printed).",
    subcommands = {TokenLoginCommand.class, TokenSimulatorLoginCommand.class, TokenCommand.Import.class, TokenCommand.Status.class})
final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_USAGE;
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Store an existing refresh token for an account (it is rotated on first use).")
  static final class Import implements Callable<Integer> {

    static final class Source {
      @Option(names = "--refresh-token-file", paramLabel = "FILE", required = true,
          description = "File holding the refresh token (one line)")
      Path file;

      @Option(names = "--refresh-token-stdin", required = true,
          description = "Read the refresh token from standard input")
      boolean stdin;
    }

    @Option(names = "--account", required = true, paramLabel = "ID", description = "Account id, e.g. home")
    String account;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!account.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--account: use 1-64 letters, digits, '.', '_' or '-'");
      }
      String refreshToken = readToken();
      Vertx vertx = Vertx.vertx();
      try {
        FleetConfig cfg = config.load(vertx);
        TokenStore store = TokenStoreFromConfig.open(vertx, cfg).await();
        Instant now = FleetClock.system().now();
        long current = store.load(account).await().map(TokenRecord::version).orElse(0L);
        TokenRecord saved = store.compareAndSet(
            new TokenRecord(account, refreshToken, null, null, current, now, 0), current).await();
        spec.commandLine().getOut().printf(
            "stored a refresh token for account %s (version %d) in %s; the daemon exchanges it on start%n",
            account, saved.version(), cfg.tokens().store());
        store.close().await();
        return Main.EXIT_OK;
      } finally {
        vertx.close();
      }
    }

    private String readToken() throws IOException {
      String raw;
      if (source.stdin) {
        raw = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } else {
        raw = Files.readString(source.file, StandardCharsets.UTF_8);
      }
      String token = raw == null ? "" : raw.strip();
      if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "the refresh token must be one non-empty line without spaces");
      }
      return token;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Per account: access-token expiry, granted scopes, region, last refresh, version.")
  static final class Status implements Callable<Integer> {

    @Mixin ConfigOption config;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Vertx vertx = Vertx.vertx();
      try {
        FleetConfig cfg = config.load(vertx);
        TokenStore store = TokenStoreFromConfig.open(vertx, cfg).await();
        var out = spec.commandLine().getOut();
        var accounts = store.accounts().await();
        if (accounts.isEmpty()) {
          out.println("no accounts stored in " + cfg.tokens().file());
        }
        Instant now = FleetClock.system().now();
        var marks = Coordination.marks(vertx, cfg);
        for (String account : accounts) {
          var consent = marks.reason(account).await();
          store.load(account).await().ifPresent(record -> out.println(describe(record, consent, now)));
        }
        store.close().await();
        return Main.EXIT_OK;
      } finally {
        vertx.close();
      }
    }

    static String describe(TokenRecord record, java.util.Optional<String> needsConsent, Instant now) {
      var claims = AccessTokenClaims.parse(record.accessToken());
      String expiry = record.accessExpiresAt() == null ? "no access token yet"
          : record.accessExpiresAt().isAfter(now)
              ? "access token expires " + record.accessExpiresAt() + " (in "
                  + Durations.format(Duration.between(now, record.accessExpiresAt()).withNanos(0)) + ")"
              : "access token expired " + record.accessExpiresAt();
      String scopes = claims.map(c -> String.join(" ", c.scopes())).filter(s -> !s.isEmpty()).orElse("unknown");
      String region = claims.flatMap(AccessTokenClaims::region).orElse("unknown");
      String state = needsConsent.map(reason -> "NEEDS CONSENT (" + reason + "): open /auth/login?account="
          + record.account() + " or run 'token login --account " + record.account() + "'").orElse("active");
      return String.format("%s: %s; %s; scopes: %s; region: %s; last refresh %s; version %d",
          record.account(), state, expiry, scopes, region, record.updatedAt(), record.version());
    }
  }
}
