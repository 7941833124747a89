package io.fleetpoller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.AccountState;
import io.fleetpoller.auth.AccountStatus;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.poll.TrackedVehicle;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageHtmlTest {

  private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

  private static AccountStatus account(String id, AccountState state, String reason) {
    return new AccountStatus(id, state, Optional.ofNullable(reason), Optional.of(NOW.plusSeconds(3600)),
        List.of("openid", "vehicle_device_data"), Optional.of("NA"), NOW.minusSeconds(60), 3);
  }

  @Test
  void showsAccountsWithAConsentLinkCarsAndTheLatestTriage() {
    var car = new TrackedVehicle("5YJ3E1EA7KF000001", "home", "Red", VehicleOnlineState.ONLINE, "driving", NOW,
        null, NOW.minusSeconds(90), NOW.plusSeconds(30), 12, 24_000);
    var event = new JsonObject().put("at", NOW.minusSeconds(180).toString()).put("reason", "missing_scope").put("account", "home")
        .put("vehicle", "5YJ3E1EA7KF000001").put("cause", "The token lacks vehicle_location.")
        .put("action", "Consent again and grant it.");

    String html = StatusPageHtml.render(
        List.of(account("home", AccountState.ACTIVE, null), account("work", AccountState.NEEDS_CONSENT, "login_required")),
        List.of(car), List.of(event), NOW);

    assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"5\">")
        .contains("home").contains("expires in 60m")
        .contains("needs_consent (login_required)").contains("<a href=\"/auth/login?account=work\">consent again</a>")
        .contains("5YJ3E1EA7KF000001").contains("driving").contains("90s ago").contains("in 30s").contains("0.024")
        .contains("missing_scope").contains("The token lacks vehicle_location.").contains("Consent again and grant it.")
        .contains("title=\"2026-03-02T07:57:00Z\">3m ago</td>");
  }

  @Test
  void aPausedCarSaysSoInsteadOfWaitingForItToWake() {
    var paused = new TrackedVehicle("V2", "home", "Blue", VehicleOnlineState.ONLINE, "paused", NOW,
        null, NOW.minusSeconds(600), null, 3, 6_000);

    String html = StatusPageHtml.render(List.of(), List.of(paused), List.of(), NOW);

    assertThat(html).contains("<td>paused</td><td>-</td><td>10m ago</td><td>paused</td>").doesNotContain("when it wakes");
  }

  @Test
  void everyValueIsEscapedSoNothingFromTheApiBecomesMarkup() {
    var car = new TrackedVehicle("V1", "home", "<script>alert(1)</script>", VehicleOnlineState.ASLEEP, null, NOW,
        null, null, null, 0, 0);
    var event = new JsonObject().put("reason", "unknown_403").put("cause", "Tesla said \"<b>no</b>\" & left");

    String html = StatusPageHtml.render(List.of(), List.of(car), List.of(event), NOW);

    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("Tesla said &quot;&lt;b&gt;no&lt;/b&gt;&quot; &amp; left")
        .contains("/auth/login?account=home").contains("never").contains("when it wakes");
  }

  @Test
  void emptySectionsSayWhatToDo() {
    String html = StatusPageHtml.render(List.of(), List.of(), List.of(), NOW);

    assertThat(html).contains("No account yet").contains("No vehicle listed yet").contains("no refusal so far");
  }
}
