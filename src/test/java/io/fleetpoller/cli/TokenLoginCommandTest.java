package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.ConsentHarness;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token login} against the simulator, with a scripted person at the keyboard. */
class TokenLoginCommandTest {

  /** Nothing listens there: the browser would show "page not found", which is fine. */
  static final String REDIRECT = "http://localhost:1/auth/callback";

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  ConsentHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    vertx.close().await();
  }

  record Result(int exitCode, String out, String err, String pasted) {}

  /**
   * Runs {@code token login} as registered under {@code token}; when it asks, a "person" opens the
   * printed URL on the simulator and pastes {@code paste.apply(address the browser landed on)}.
   */
  private Result login(String config, UnaryOperator<String> paste, String... args) throws Exception {
    Path file = dir.resolve("fleet-poller.yaml");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] pasted = new String[1];
    BufferedReader person = new BufferedReader(new StringReader("")) {
      @Override
      public String readLine() {
        String url = out.toString().lines().map(String::strip).filter(l -> l.startsWith("http"))
            .findFirst().orElseThrow(() -> new AssertionError("no URL printed before reading: " + out));
        pasted[0] = paste.apply(h.consentAt(url));
        return pasted[0];
      }
    };
    var cli = Main.commandLine();
    // The registered 'login' reads System.in; swap in one that reads the scripted person.
    var token = cli.getSubcommands().get("token");
    token.getCommandSpec().removeSubcommand("login");
    token.addSubcommand(new TokenLoginCommand(person));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 4];
    full[0] = "token";
    full[1] = "login";
    System.arraycopy(args, 0, full, 2, args.length);
    full[args.length + 2] = "--config";
    full[args.length + 3] = file.toString();
    int code = cli.execute(full);
    return new Result(code, out.toString(), err.toString(), pasted[0]);
  }

  private String config(boolean withSecret) {
    return "tokens:\n"
        + "  file: " + dir.resolve("tokens.enc") + "\n"
        + "  encryptionKey: " + ConsentHarness.KEY + "\n"
        + "tesla:\n"
        + "  clientId: sim-client-id\n"
        + "  clientSecret: " + (withSecret ? "sim-client-secret" : "\"\"") + "\n"
        + "  redirectUri: " + REDIRECT + "\n"
        + "  scopes: [" + String.join(", ", ConsentHarness.ASKED) + "]\n"
        + "  authorizeUrl: " + h.sim.authorizeUrl() + "\n"
        + "  tokenUrl: " + h.sim.tokenUrl() + "\n"
        + "  apiBaseUrl: " + h.sim.baseUrl() + "\n";
  }

  @Test
  void thePastedRedirectStoresAWorkingTokenAndIsNeverEchoed() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, dir);

    Result result = login(config(true), landed -> landed, "--account", "home");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(result.out()).contains(h.sim.authorizeUrl() + "?")
        .contains("paste the whole address your browser was sent to (a 'page not found' page is fine)")
        .contains("stored tokens for account home (version 1)")
        .contains("granted scopes: openid offline_access vehicle_device_data vehicle_location")
        .doesNotContain("not granted");
    String code = io.fleetpoller.auth.AuthorizationResponse.fromRedirect(result.pasted()).code().orElseThrow();
    assertThat(result.out() + result.err()).doesNotContain(result.pasted()).doesNotContain(code);
    assertThat(h.vehiclesOf("home")).isNotEmpty();
  }

  @Test
  void aLoginClearsTheAccountsNeedsConsentMarkSoARunningDaemonResumesIt() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, dir);
    var marks = new io.fleetpoller.auth.FileConsentMarks(vertx, dir.resolve("tokens.enc"));
    marks.mark("home", "login_required").await();

    Result result = login(config(true), landed -> landed, "--account", "home");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(marks.reason("home").await()).isEmpty();
  }

  @Test
  void scopesNotGrantedArePrintedWithWhatTheyCost() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, List.of("openid", "offline_access", "vehicle_device_data"), dir);

    Result result = login(config(true), landed -> landed, "--account", "home");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(result.out()).contains("not granted: vehicle_location - no location data");
  }

  @Test
  void aDeniedConsentExitsOneWithTheReasonOnOneLine() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, dir);

    Result result = login(config(true),
        landed -> landed.replaceFirst("code=[^&]+", "error=access_denied"), "--account", "home");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.err().strip().lines()).hasSize(1);
    assertThat(result.err()).contains("login failed").contains("access_denied")
        .contains("run 'token login --account home' again");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void somethingOtherThanAUrlExitsOneWithoutEchoingIt() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, dir);

    Result result = login(config(true), landed -> "secret-ish garbage", "--account", "home");

    assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(result.err()).contains("login failed").doesNotContain("garbage");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aBadAccountIdOrAMissingClientSecretIsBadUsage() throws Exception {
    h = ConsentHarness.start(vertx, REDIRECT, dir);

    Result badAccount = login(config(true), landed -> landed, "--account", "no spaces");
    Result noSecret = login(config(false), landed -> landed, "--account", "home");

    assertThat(badAccount.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(badAccount.err()).contains("--account");
    assertThat(noSecret.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noSecret.err()).contains("tesla.clientSecret");
    assertThat(noSecret.pasted()).isNull();
  }
}
