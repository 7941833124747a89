package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.cli.SimulateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SimulateCommand());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void badUsageExitsWith2AndSaysWhy() {
    assertThat(run("--vehicles", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("vehicles");
    assertThat(run("--sleep-after", "soon")).isEqualTo(2);
    assertThat(run("--speed", "0")).isEqualTo(2);
    assertThat(run("--no-such-flag")).isEqualTo(2);
  }

  @Test
  void helpListsTheFlags() {
    CommandLine cli = new CommandLine(new SimulateCommand());
    String usage = cli.getUsageMessage();
    assertThat(usage).contains("--port", "--vehicles", "--speed", "--refresh-grace", "--keep-old-access", "--rate-limit");
  }
}
