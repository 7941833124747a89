package io.fleetpoller.doctor;

import static io.fleetpoller.doctor.Check.LIVE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.UserRegion;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.fleetapi.VehicleSummary;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live half of the checklist: verdicts on what Tesla (or the simulator) answered. Pure: the
 * command makes the calls and hands the answers here. None of the calls spends a refresh token:
 * refreshing would rotate it (FACTS.md, "OAuth": single use).
 */
public final class LiveChecks {

  /** Tesla's 421 names the right base URL: "user out of region, use base URL: https://..., see ..." (FACTS.md). */
  private static final Pattern OUT_OF_REGION = Pattern.compile("use base URL:\\s*(https?://[^\\s,]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveChecks() {}

  /** A GET to the token endpoint: any HTTP answer proves it reachable (it wants POSTs, so 4xx is normal). */
  public static Check tokenEndpoint(String tokenUrl, HttpProbe probe) {
    String host = HttpUrl.parse(tokenUrl).map(HttpUrl::host).orElse(tokenUrl);
    if (!probe.answered()) {
      return Check.fail(LIVE, null, "token endpoint", "cannot reach " + tokenUrl + ": " + probe.failure(),
          "check DNS, firewall and proxy from this machine to " + host + ", and tesla.tokenUrl");
    }
    if (probe.status() >= 500) {
      return Check.warn(LIVE, null, "token endpoint", host + " answered HTTP " + probe.status()
          + ": reachable, but failing on its side", "run doctor again later; refreshes fail until it recovers");
    }
    return Check.pass(LIVE, null, "token endpoint", host + " is reachable (HTTP " + probe.status()
        + " to a GET; no token was sent or spent)");
  }

  /** A partner token ({@code client_credentials}): proves client id and secret without touching an account. */
  public static Check clientCredentials(Throwable failure) {
    String name = "client credentials";
    if (failure == null) {
      return Check.pass(LIVE, null, name, "the token endpoint accepts tesla.clientId and tesla.clientSecret"
          + " (a partner token was granted; no account's token was used)");
    }
    if (failure instanceof FleetApiException e && e.failure() == FleetApiException.Failure.HTTP_STATUS) {
      String said = "HTTP " + e.status() + " " + teslaSaid(e);
      if (e.status() == 401 || "unauthorized_client".equals(e.error()) || "invalid_client".equals(e.error())) {
        return Check.fail(LIVE, null, name, "the token endpoint refuses the client: " + said,
            "copy tesla.clientId and tesla.clientSecret (env TESLA_CLIENT_SECRET) again from your app at"
                + " developer.tesla.com");
      }
      return Check.warn(LIVE, null, name, "the partner-token request answered " + said
          + ", so the client secret could not be confirmed", "check the app's settings at developer.tesla.com");
    }
    return Check.skip(LIVE, null, name, "not confirmed: " + describe(failure));
  }

  /**
   * The authorize page asked with the configured client id and redirect URI. Tesla refuses an
   * unregistered redirect URI ({@code invalid_redirect_url}); a login page or a redirect back means
   * no such complaint.
   */
  public static Check authorizePage(String redirectUri, HttpProbe probe) {
    String name = "authorize redirect URI";
    if (!probe.answered()) {
      return Check.fail(LIVE, null, name, "cannot reach the authorize page: " + probe.failure(),
          "check tesla.authorizeUrl and the network path to it");
    }
    Optional<String> error = redirectError(probe).or(() -> bodyError(probe.body()));
    if (error.isPresent() && error.get().toLowerCase(Locale.ROOT).contains("redirect")) {
      return Check.fail(LIVE, null, name, "the authorize page refuses tesla.redirectUri " + redirectUri + " ("
              + error.get() + "): it is not the redirect URI registered for this client id",
          "set tesla.redirectUri (env TESLA_REDIRECT_URI) to exactly the URL registered for the app at"
              + " developer.tesla.com, or register " + redirectUri + " there; Tesla compares it byte for byte");
    }
    if (error.isPresent()) {
      return Check.fail(LIVE, null, name, "the authorize page refuses the request: " + error.get(),
          "check tesla.clientId and tesla.scopes against the app at developer.tesla.com");
    }
    if (probe.status() >= 400) {
      return Check.warn(LIVE, null, name, "the authorize page answered HTTP " + probe.status()
          + " without saying why", "open tesla.authorizeUrl in a browser with 'token login' to see the page");
    }
    return Check.pass(LIVE, null, name, "the authorize page takes client id and " + redirectUri + " (HTTP "
        + probe.status() + ", no redirect_uri error)");
  }

  /** {@code GET /api/1/users/region} answered: it names the base URL that serves this user. */
  public static Check userRegion(String account, String apiBaseUrl, UserRegion answer) {
    String name = "users/region";
    Optional<HttpUrl> told = HttpUrl.parse(answer.fleetApiBaseUrl());
    Optional<HttpUrl> used = HttpUrl.parse(apiBaseUrl);
    if (told.isEmpty()) {
      return Check.warn(LIVE, account, name, "users/region named region " + answer.region()
          + " but no usable fleet_api_base_url", "compare tesla.apiBaseUrl with " + FleetApiRegion.listing());
    }
    if (used.isPresent() && told.get().sameAs(used.get())) {
      return Check.pass(LIVE, account, name, "region " + answer.region() + ", served by tesla.apiBaseUrl "
          + apiBaseUrl);
    }
    return Check.fail(LIVE, account, name, "Tesla serves this user from region " + answer.region() + " at "
            + answer.fleetApiBaseUrl() + ", not tesla.apiBaseUrl " + apiBaseUrl + ": calls answer 421",
        "set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to " + answer.fleetApiBaseUrl() + ", then "
            + AccountChecks.logInAgain(account) + " so the token's audience is that URL");
  }

  /** The vehicle list answered. */
  public static Check vehicles(String account, List<VehicleSummary> vehicles) {
    if (vehicles.isEmpty()) {
      return Check.warn(LIVE, account, "vehicles", "the vehicle list answers but has no vehicles",
          "check that this is the Tesla account that owns the cars, and that they are shared with it");
    }
    Map<VehicleOnlineState, Integer> byState = new EnumMap<>(VehicleOnlineState.class);
    vehicles.forEach(v -> byState.merge(v.state(), 1, Integer::sum));
    StringBuilder states = new StringBuilder();
    byState.forEach((state, count) -> states.append(states.length() == 0 ? "" : ", ").append(count).append(' ')
        .append(state.name().toLowerCase(Locale.ROOT)));
    return Check.pass(LIVE, account, "vehicles", "the vehicle list answers: " + vehicles.size()
        + (vehicles.size() == 1 ? " vehicle (" : " vehicles (") + states + ")");
  }

  /** A users/region or vehicle-list call failed; {@code name} is the check. */
  public static Check callFailed(String account, String name, String apiBaseUrl, Throwable failure) {
    if (!(failure instanceof FleetApiException e)) {
      return Check.fail(LIVE, account, name, describe(failure), "run doctor again; if it persists, report it");
    }
    if (e.isTransportFailure()) {
      return Check.fail(LIVE, account, name, "cannot reach " + apiBaseUrl + ": " + e.getMessage(),
          "check DNS, firewall and proxy from this machine to the host of tesla.apiBaseUrl");
    }
    if (e.failure() != FleetApiException.Failure.HTTP_STATUS) {
      return Check.fail(LIVE, account, name, e.getMessage(), "run doctor again; if it persists, report it");
    }
    String said = teslaSaid(e);
    String error = e.error() == null ? "" : e.error().toLowerCase(Locale.ROOT);
    return switch (e.status()) {
      case 421 -> {
        Matcher right = OUT_OF_REGION.matcher(e.error() == null ? "" : e.error());
        String url = right.find() ? right.group(1) : null;
        yield Check.fail(LIVE, account, name, "421: the user is out of region for " + apiBaseUrl
                + (url == null ? "" : "; Tesla says use " + url),
            "set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to " + (url == null ? "the base URL users/region names" : url)
                + ", then " + AccountChecks.logInAgain(account));
      }
      case 412 -> Check.fail(LIVE, account, name, "412: the app is not registered in this region: " + said,
          "register the app's domain in this region (POST /api/1/partner_accounts on " + apiBaseUrl
              + " with a partner token)");
      case 401 -> error.contains("expired")
          ? Check.warn(LIVE, account, name, "401: the access token expired meanwhile (" + said + ")",
              "nothing to do: the daemon refreshes it; run doctor again to check the account live")
          : Check.fail(LIVE, account, name, "401: the access token is refused: " + said,
              "if the daemon is running it may just have rotated the tokens: run doctor again; if it persists, "
                  + AccountChecks.logInAgain(account));
      case 403 -> Check.fail(LIVE, account, name, "403: " + said,
          error.contains("scope") ? AccountChecks.logInAgain(account) + " and grant the scopes tesla.scopes lists"
              : error.contains("exceeded_limit") ? "raise the billing limit of the app at developer.tesla.com"
              : "see the account checks above; the owner may have to allow this app again");
      case 429 -> Check.warn(LIVE, account, name, "429: rate limited" + e.retryAfter()
              .map(d -> ", retry after " + d.toSeconds() + "s").orElse(""),
          "wait and run doctor again; the daemon honours Retry-After");
      default -> Check.fail(LIVE, account, name, "HTTP " + e.status() + ": " + said,
          "see Tesla's status list in FACTS.md, or run doctor again later");
    };
  }

  /** The account's live checks that need a usable access token when it has none. */
  public static List<Check> notCalled(String account, String why) {
    return List.of(Check.skip(LIVE, account, "users/region", why), Check.skip(LIVE, account, "vehicles", why));
  }

  // ---- reading answers

  /** {@code error=} in a redirect's query, as OAuth servers report refusals they may redirect. */
  private static Optional<String> redirectError(HttpProbe probe) {
    if (probe.status() < 300 || probe.status() >= 400 || probe.location() == null) {
      return Optional.empty();
    }
    try {
      String query = URI.create(probe.location().trim()).getRawQuery();
      if (query == null) {
        return Optional.empty();
      }
      for (String pair : query.split("&")) {
        if (pair.startsWith("error=")) {
          return Optional.of(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Tesla's JSON {@code error} (with its description), or {@code invalid_redirect_url} named in a page. */
  private static Optional<String> bodyError(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.hasNonNull("error")) {
        String description = json.path("error_description").asText("");
        return Optional.of(json.get("error").asText() + (description.isEmpty() ? "" : ": " + description));
      }
    } catch (java.io.IOException | RuntimeException notJson) {
      // An HTML page: look for Tesla's error code in it.
    }
    return body.contains("invalid_redirect_url") ? Optional.of("invalid_redirect_url") : Optional.empty();
  }

  private static String teslaSaid(FleetApiException e) {
    String error = e.error() == null || e.error().isEmpty() ? "(no error text)" : e.error();
    String description = e.errorDescription() == null || e.errorDescription().isEmpty()
        ? "" : " (" + e.errorDescription() + ")";
    return error + description;
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }
}
