package io.fleetpoller.cli;

import io.fleetpoller.auth.AuthorizationRequest;
import io.fleetpoller.auth.AuthorizationResponse;
import io.fleetpoller.auth.ConsentException;
import io.fleetpoller.auth.ConsentFlow;
import io.fleetpoller.auth.InMemoryConsentStates;
import io.fleetpoller.auth.ConsentResult;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code token login --account ID}: consent without a reachable daemon. Prints the authorize URL,
 * reads back the address the browser was sent to (the redirect target need not exist), and finishes
 * the same {@link ConsentFlow} as {@code /auth/callback}. The pasted address holds the code, so it
 * is never printed back.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Log an account in by hand: open the printed URL, sign in, paste back the address you land on.")
final class TokenLoginCommand implements Callable<Integer> {

  @Option(names = "--account", required = true, paramLabel = "ID", description = "Account id, e.g. home")
  String account;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  private final BufferedReader in;

  TokenLoginCommand() {
    this(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }

  /** For tests: where the pasted address is read from. */
  TokenLoginCommand(BufferedReader in) {
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    if (!ConsentFlow.isValidAccount(account)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--account: use 1-64 letters, digits, '.', '_' or '-'");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    try {
      FleetConfig cfg = config.load(vertx);
      try (ConsentSession session = ConsentSession.open(vertx, cfg)) {
        // A running daemon resumes the account once its needs-consent mark is gone.
        ConsentFlow flow = new ConsentFlow(session.tesla(), session.api(), session.store(),
            new InMemoryConsentStates(session.clock()), session.clock(), session.marks()::clear);
        AuthorizationRequest request = flow.begin(account).await();
        out.println("Open this address in a browser and sign in as the owner of account " + account + ":");
        out.println();
        out.println("  " + request.url());
        out.println();
        out.println("Sign in, then paste the whole address your browser was sent to"
            + " (a 'page not found' page is fine):");
        out.flush();
        String pasted = in.readLine();
        if (pasted == null || pasted.isBlank()) {
          err.println("login failed: nothing was pasted; run 'token login --account " + account + "' again");
          return Main.EXIT_FAILURE;
        }
        AuthorizationResponse response;
        try {
          response = AuthorizationResponse.fromRedirect(pasted);
        } catch (IllegalArgumentException e) {
          // The message describes the problem, never the pasted text (it holds the code).
          err.println("login failed: " + e.getMessage());
          return Main.EXIT_FAILURE;
        }
        ConsentResult result;
        try {
          result = flow.complete(response).await();
        } catch (ConsentException e) {
          err.println("login failed: " + e.getMessage().replace(
              "start again at /auth/login?account=" + account, "run 'token login --account " + account + "' again"));
          return Main.EXIT_FAILURE;
        }
        out.println("stored tokens for account " + result.account() + " (version " + result.version() + ") in the "
            + cfg.tokens().store() + " token store");
        out.println("granted scopes: " + (result.grantedScopes().isEmpty() ? "unknown"
            : String.join(" ", result.grantedScopes())));
        for (String scope : result.missingScopes()) {
          out.println("not granted: " + scope + " - " + ConsentResult.costOf(scope));
        }
        return Main.EXIT_OK;
      }
    } finally {
      vertx.close();
    }
  }
}
