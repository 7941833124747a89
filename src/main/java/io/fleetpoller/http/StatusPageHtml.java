package io.fleetpoller.http;

import static io.fleetpoller.http.HtmlText.escape;

import io.fleetpoller.auth.AccountState;
import io.fleetpoller.auth.AccountStatus;
import io.fleetpoller.config.Durations;
import io.fleetpoller.config.PricingConfig;
import io.fleetpoller.poll.TrackedVehicle;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The status page's HTML for people without Grafana: accounts with token health and a re-consent
 * link, cars with state, battery, last and next poll and spend, the latest triage events with
 * cause and action. Server-rendered, no script, refreshes itself every few seconds. Pure: every
 * value is given, every value is escaped, no token is ever given to it.
 */
final class StatusPageHtml {

  static final int REFRESH_SECONDS = 5;

  private StatusPageHtml() {}

  static String render(List<AccountStatus> accounts, List<TrackedVehicle> vehicles, List<JsonObject> triage,
      Instant now) {
    StringBuilder html = new StringBuilder(8_192);
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
        .append("<title>fleet-poller</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;")
        .append("margin-bottom:1.5em}th,td{text-align:left;padding:.3em .8em;border-bottom:1px solid #ddd}")
        .append(".bad{color:#b00020}.ok{color:#1b5e20}.muted{color:#777}.when{white-space:nowrap}")
        .append("</style></head><body>")
        .append("<h1>fleet-poller</h1><p class=\"muted\">as of ").append(escape(now.truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(" (simulated time in the demo); refreshes every ").append(REFRESH_SECONDS).append(" s</p>");
    accounts(html, accounts, now);
    vehicles(html, vehicles, now);
    triage(html, triage, now);
    return html.append("</body></html>").toString();
  }

  private static void accounts(StringBuilder html, List<AccountStatus> accounts, Instant now) {
    html.append("<h2>Accounts</h2>");
    if (accounts.isEmpty()) {
      html.append("<p>No account yet: open <a href=\"/auth/login?account=home\">/auth/login?account=home</a>.</p>");
      return;
    }
    html.append("<table id=\"accounts\"><tr><th>account</th><th>token</th><th>access token</th><th>scopes</th>")
        .append("<th></th></tr>");
    for (AccountStatus a : accounts) {
      boolean healthy = a.state() == AccountState.ACTIVE;
      html.append("<tr data-account=\"").append(escape(a.account())).append("\"><td>").append(escape(a.account()))
          .append("</td><td class=\"").append(healthy ? "ok" : "bad")
          .append("\">").append(escape(a.state().name().toLowerCase(Locale.ROOT)))
          .append(a.reason().map(r -> " (" + escape(r) + ")").orElse("")).append("</td><td>")
          .append(a.accessExpiresAt().map(at -> at.isAfter(now) ? "expires in " + Durations.brief(Duration.between(now, at))
              : "expired, will refresh").orElse("none yet"))
          .append("</td><td>").append(escape(String.join(" ", a.scopes()))).append("</td><td class=\"consent\">")
          .append("<a href=\"/auth/login?account=").append(escape(urlPart(a.account()))).append("\">")
          .append(healthy ? "re-consent" : "consent again").append("</a></td></tr>");
    }
    html.append("</table>");
  }

  private static void vehicles(StringBuilder html, List<TrackedVehicle> vehicles, Instant now) {
    html.append("<h2>Vehicles</h2>");
    if (vehicles.isEmpty()) {
      html.append("<p>No vehicle listed yet.</p>");
      return;
    }
    html.append("<table id=\"vehicles\"><tr><th>vehicle</th><th>name</th><th>state</th><th>battery</th>")
        .append("<th>last poll</th><th>next poll</th><th>calls</th><th>USD</th></tr>");
    for (TrackedVehicle v : vehicles) {
      html.append("<tr data-vin=\"").append(escape(v.vin())).append("\"><td>").append(escape(v.vin())).append("</td><td>")
          .append(escape(v.displayName()))
          .append("</td><td>").append(escape(v.activity() != null ? v.activity() : v.state().name().toLowerCase(Locale.ROOT)))
          .append("</td><td>").append(v.batteryLevel() == null ? "-" : v.batteryLevel() + " %")
          .append("</td><td>").append(v.lastDataAt() == null ? "never" : Durations.brief(Duration.between(v.lastDataAt(), now)) + " ago")
          .append("</td><td>").append(v.nextPollAt() == null ? ("paused".equals(v.activity()) ? "paused" : "when it wakes")
              : v.nextPollAt().isAfter(now) ? "in " + Durations.brief(Duration.between(now, v.nextPollAt())) : "due")
          .append("</td><td>").append(v.calls()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", PricingConfig.toUsd(v.microUsd()))).append("</td></tr>");
    }
    html.append("</table>");
  }

  private static void triage(StringBuilder html, List<JsonObject> events, Instant now) {
    html.append("<h2>Latest triage</h2>");
    if (events.isEmpty()) {
      html.append("<p class=\"ok\">Nothing to explain: no refusal so far.</p>");
      return;
    }
    html.append("<table id=\"triage\"><tr><th>when</th><th>reason</th><th>account</th><th>vehicle</th>")
        .append("<th>cause</th><th>next step</th></tr>");
    for (JsonObject e : events) {
      html.append("<tr data-reason=\"").append(escape(e.getString("reason"))).append("\"><td class=\"when\" title=\"")
          .append(escape(e.getString("at"))).append("\">").append(escape(ago(e.getString("at"), now)))
          .append("</td><td class=\"bad reason\">")
          .append(escape(e.getString("reason"))).append("</td><td>").append(escape(e.getString("account")))
          .append("</td><td>").append(escape(e.getString("vehicle"))).append("</td><td class=\"cause\">")
          .append(escape(e.getString("cause"))).append("</td><td class=\"action\">").append(escape(e.getString("action")))
          .append("</td></tr>");
    }
    html.append("</table>");
  }

  /** "3m ago" for an event's ISO time; the text as it came when it is not one. */
  private static String ago(String at, Instant now) {
    try {
      Instant when = Instant.parse(at);
      return when.isAfter(now) ? "just now" : Durations.brief(Duration.between(when, now)) + " ago";
    } catch (DateTimeParseException | NullPointerException e) {
      return at;
    }
  }

  private static String urlPart(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
