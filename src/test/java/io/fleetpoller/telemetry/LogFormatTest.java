package io.fleetpoller.telemetry;

import static net.logstash.logback.argument.StructuredArguments.v;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml: human lines by default, one JSON object a line with LOG_FORMAT=json. */
class LogFormatTest {

  private static final String VIN = "5YJ3E1EA7KF000001";

  @Test
  void jsonFormatWritesOneJsonObjectPerLineWithAccountAndVehicleFields() {
    String out = logWithShippedConfig("json", log -> log.warn("vehicle_data of {} (account {}) failed: {}",
        v("vehicle", VIN), v("account", "acct-1"), "timeout"));

    assertThat(out.lines()).hasSize(1);
    JsonObject line = new JsonObject(out.lines().findFirst().orElseThrow());
    assertThat(line.getString("message")).isEqualTo("vehicle_data of " + VIN + " (account acct-1) failed: timeout");
    assertThat(line.getString("account")).isEqualTo("acct-1");
    assertThat(line.getString("vehicle")).isEqualTo(VIN);
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("logger_name")).isEqualTo("io.fleetpoller.poll.FleetPoller");
    assertThat(line.getString("@timestamp")).isNotBlank();
  }

  @Test
  void textFormatIsTheDefaultAndReadsTheSameMessage() {
    String out = logWithShippedConfig(null, log -> log.warn("refresh of account {} failed ({}); next attempt at {}",
        v("account", "acct-1"), "timeout", "07:05"));

    assertThat(out).contains("WARN").contains("refresh of account acct-1 failed (timeout); next attempt at 07:05");
    Assertions.assertThatThrownBy(() -> new JsonObject(out.trim())).isInstanceOf(DecodeException.class);
  }

  @Test
  void logbacksOwnStatusReachesStderrOnlyForErrors() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogbackErrorsOnly listener = new LogbackErrorsOnly();
      listener.addStatusEvent(new ch.qos.logback.core.status.WarnStatus("Appender named [json] not referenced", this));
      listener.addStatusEvent(new ch.qos.logback.core.status.InfoStatus("Found resource [logback.xml]", this));
      listener.addStatusEvent(new ch.qos.logback.core.status.ErrorStatus("Could not create an Appender", this));
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Could not create an Appender");
  }

  /** Loads src/main/resources/logback.xml into a context of its own, stderr captured while it logs. */
  private static String logWithShippedConfig(String logFormat, Consumer<Logger> logging) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (logFormat != null) {
      // Logback looks variables up in the context before the environment: as if LOG_FORMAT were set.
      context.putProperty("LOG_FORMAT", logFormat);
    }
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      logging.accept(context.getLogger("io.fleetpoller.poll.FleetPoller"));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
