package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.TokenCipher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes, one-line config errors naming the key, no secret printed. */
class CommandLineTest {

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("fleet-poller.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void unknownCommandIsBadUsage() {
    assertThat(run("fly").exitCode()).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void anUnreadableDurationExitsTwoNamingTheKey() throws Exception {
    Path file = config("polling:\n  intervals:\n    online: 5 minutes\n");
    var result = run("token", "status", "--config", file.toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("polling.intervals.online").contains("5 minutes");
    assertThat(result.err().strip().lines()).hasSize(1);
  }

  @Test
  void aMissingConfigFileExitsTwo() {
    var result = run("token", "status", "--config", dir.resolve("nope.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("nope.yaml");
  }

  @Test
  void theFileStoreWithoutAKeyExitsTwoSayingHowToMakeOne() throws Exception {
    Path file = config("tokens:\n  file: " + dir.resolve("tokens.enc") + "\n");
    var result = run("token", "status", "--config", file.toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("tokens.encryptionKey").contains("openssl rand -base64 32");
  }

  @Test
  void importedRefreshTokenIsStoredEncryptedAndNeverPrinted() throws Exception {
    String secret = "NA_" + "c0ffee".repeat(10);
    Path tokenFile = dir.resolve("refresh.txt");
    Files.writeString(tokenFile, secret + "\n");
    Path store = dir.resolve("tokens.enc");
    Path file = config("tokens:\n  file: " + store + "\n  encryptionKey: " + TokenCipher.randomBase64Key() + "\n");

    var imported = run("token", "import", "--account", "home", "--refresh-token-file", tokenFile.toString(),
        "--config", file.toString());
    assertThat(imported.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(imported.out()).contains("home").doesNotContain(secret);

    var status = run("token", "status", "--config", file.toString());
    assertThat(status.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(status.out()).contains("home: active; no access token yet").contains("version 1").doesNotContain(secret);
    assertThat(Files.readString(store)).doesNotContain(secret).doesNotContain("c0ffee");
  }

  @Test
  void importRefusesAnEmptyTokenFile() throws Exception {
    Path tokenFile = dir.resolve("empty.txt");
    Files.writeString(tokenFile, "\n");
    Path file = config("tokens:\n  file: " + dir.resolve("tokens.enc") + "\n  encryptionKey: " + TokenCipher.randomBase64Key() + "\n");
    var result = run("token", "import", "--account", "home", "--refresh-token-file", tokenFile.toString(),
        "--config", file.toString());
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(result.err()).contains("one non-empty line");
  }

  @Test
  void importNeedsExactlyOneSource() {
    var result = run("token", "import", "--account", "home");
    assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
  }
}
