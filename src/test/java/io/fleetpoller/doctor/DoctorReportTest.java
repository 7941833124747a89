package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpoller.doctor.Check.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorReportTest {

  private static final Check GOOD = new Check(Check.CONFIG, null, "client id", Status.OK, "tesla.clientId is x", "");
  private static final Check BAD = new Check(Check.ACCOUNT, "home", "scopes", Status.FAIL,
      "the token lacks vehicle_location", "log in again");
  private static final Check SKIPPED = new Check(Check.LIVE, "home", "vehicles", Status.SKIP, "expired", "");
  private static final Check WARNED = new Check(Check.STORE, null, "token store", Status.WARN, "empty", "log in");

  @Test
  void oneLinePerCheckWithTheActionAndASummary() {
    String text = new DoctorReport(List.of(GOOD, BAD, SKIPPED)).text(false);
    assertThat(text.lines().toList()).containsExactly(
        "OK    config           client id: tesla.clientId is x",
        "FAIL  account home     scopes: the token lacks vehicle_location -> log in again",
        "SKIP  live home        vehicles: expired",
        "1 failed, 0 warnings, 1 skipped, 1 ok");
  }

  @Test
  void colourOnlyWhenAskedFor() {
    DoctorReport report = new DoctorReport(List.of(GOOD, BAD));
    assertThat(report.text(false)).doesNotContain("\u001B[");
    assertThat(report.text(true)).contains("\u001B[32mOK  \u001B[0m").contains("\u001B[31mFAIL\u001B[0m");
  }

  @Test
  void warningsAndSkippedChecksAreStillGreen() {
    DoctorReport report = new DoctorReport(List.of(GOOD, WARNED, SKIPPED));
    assertThat(report.ok()).isTrue();
    assertThat(report.text(false)).endsWith("all green (1 warning, 1 skipped, 1 ok)" + System.lineSeparator());
    assertThat(new DoctorReport(List.of(GOOD, BAD)).ok()).isFalse();
  }

  @Test
  void jsonHasOkAndEveryCheck() throws Exception {
    JsonNode root = new ObjectMapper().readTree(new DoctorReport(List.of(GOOD, BAD)).json());
    assertThat(root.get("ok").asBoolean()).isFalse();
    assertThat(root.get("checks")).hasSize(2);
    JsonNode bad = root.get("checks").get(1);
    assertThat(bad.get("group").asText()).isEqualTo("account");
    assertThat(bad.get("account").asText()).isEqualTo("home");
    assertThat(bad.get("name").asText()).isEqualTo("scopes");
    assertThat(bad.get("status").asText()).isEqualTo("fail");
    assertThat(bad.get("ok").asBoolean()).isFalse();
    assertThat(bad.get("detail").asText()).isEqualTo("the token lacks vehicle_location");
    assertThat(bad.get("action").asText()).isEqualTo("log in again");
    assertThat(root.get("checks").get(0).get("account").isNull()).isTrue();
  }
}
