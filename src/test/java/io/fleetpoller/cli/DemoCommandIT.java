package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The README's first command, in-process: it runs, draws the table, sums up and exits 0. */
class DemoCommandIT {

  @Test
  void demoRunsForItsDurationAndPrintsTheTableAndASummary() {
    var result = CommandLineTest.run("demo", "--vehicles", "3", "--speed", "300", "--duration", "4s",
        "--refresh-every", "1s");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Main.EXIT_OK);
    assertThat(result.out())
        .contains("VEHICLE", "STATE", "BATTERY", "LAST POLL", "CALLS", "USD")
        .contains("summary: 3 vehicles observed")
        .contains("simulator's ledger: USD");
  }
}
