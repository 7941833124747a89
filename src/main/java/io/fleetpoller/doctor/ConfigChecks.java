package io.fleetpoller.doctor;

import static io.fleetpoller.doctor.Check.CONFIG;

import io.fleetpoller.auth.RedirectUriCheck;
import io.fleetpoller.config.FleetConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The config half of the 401/403 checklist: the OAuth client, the redirect URI, the scopes asked
 * for, and the hosts tokens and calls go to. Pure: a config in, checks out.
 */
public final class ConfigChecks {

  /** Tesla's token host (FACTS.md, "OAuth": since Aug 2025 auth.tesla.com is unreliable for token calls). */
  static final String TOKEN_HOST = "fleet-auth.prd.vn.cloud.tesla.com";
  static final String TOKEN_URL = "https://" + TOKEN_HOST + "/oauth2/v3/token";
  static final String TOKEN_PATH = "/oauth2/v3/token";
  static final String AUTHORIZE_PATH = "/oauth2/v3/authorize";
  /** Where Tesla's consent page lives: auth.tesla.com, the newer fleet-auth host, China's auth.tesla.cn. */
  static final Set<String> AUTHORIZE_HOSTS = Set.of("auth.tesla.com", TOKEN_HOST, "auth.tesla.cn");
  /** Scopes without which there is no refresh token (FACTS.md, "OAuth"). */
  static final List<String> REFRESH_SCOPES = List.of("openid", "offline_access");
  static final String DATA_SCOPE = "vehicle_device_data";
  static final String LOCATION_SCOPE = "vehicle_location";
  /** Every scope Tesla documents (FACTS.md, "OAuth"); anything else is a typo Tesla ignores or refuses. */
  static final Set<String> KNOWN_SCOPES = Set.of("openid", "offline_access", "user_data", "vehicle_device_data",
      "vehicle_location", "vehicle_cmds", "vehicle_charging_cmds", "energy_device_data", "energy_cmds");

  private static final String REGISTERED = "it must be byte for byte the redirect URI registered for the app at"
      + " developer.tesla.com (else 400 invalid_redirect_url)";

  private ConfigChecks() {}

  public static List<Check> of(FleetConfig config) {
    FleetConfig.Tesla tesla = config.tesla();
    List<Check> out = new ArrayList<>();
    out.add(clientId(tesla.clientId()));
    out.add(clientSecret(tesla.clientSecret()));
    out.addAll(redirectUri(tesla.redirectUri(), config.http().publicUrl()));
    out.add(scopes(tesla.scopes(), config.polling()));
    unknownScopes(tesla.scopes()).ifPresent(out::add);
    out.add(tokenUrl(tesla.tokenUrl()));
    out.add(authorizeUrl(tesla.authorizeUrl()));
    out.add(baseUrl(tesla.apiBaseUrl()));
    return List.copyOf(out);
  }

  static Check clientId(Optional<String> clientId) {
    return clientId.filter(id -> !id.isBlank())
        .map(id -> Check.pass(CONFIG, null, "client id", "tesla.clientId is " + id))
        .orElseGet(() -> Check.fail(CONFIG, null, "client id", "tesla.clientId is not set",
            "set tesla.clientId (env TESLA_CLIENT_ID) to your app's client id from developer.tesla.com"));
  }

  static Check clientSecret(Optional<String> clientSecret) {
    return clientSecret.filter(secret -> !secret.isBlank())
        .map(secret -> Check.pass(CONFIG, null, "client secret", "tesla.clientSecret is set (not shown)"))
        .orElseGet(() -> Check.fail(CONFIG, null, "client secret",
            "tesla.clientSecret is not set: the code exchange needs it",
            "set the env TESLA_CLIENT_SECRET (rather than the file) to your app's client secret from developer.tesla.com"));
  }

  /** {@link RedirectUriCheck}'s warnings, plus the exact spelling that Tesla compares. */
  static List<Check> redirectUri(String redirectUri, Optional<String> publicUrl) {
    List<String> warnings = RedirectUriCheck.warnings(redirectUri, publicUrl);
    List<Check> out = new ArrayList<>();
    for (String warning : warnings) {
      out.add(Check.fail(CONFIG, null, "redirect URI", warning,
          "correct tesla.redirectUri (env TESLA_REDIRECT_URI) as this line says; " + REGISTERED));
    }
    if (!out.isEmpty()) {
      return out;
    }
    Optional<String> expected = publicUrl.filter(p -> !p.isBlank())
        .map(p -> stripTrailingSlash(p.trim()) + RedirectUriCheck.CALLBACK_PATH);
    if (expected.isPresent() && !expected.get().equals(redirectUri.trim())) {
      out.add(Check.warn(CONFIG, null, "redirect URI", "tesla.redirectUri " + redirectUri
              + " reaches http.publicUrl's callback but is spelled differently from " + expected.get(),
          "keep both spelled exactly as registered for the app at developer.tesla.com: Tesla compares"
              + " redirect_uri byte for byte"));
      return out;
    }
    out.add(Check.pass(CONFIG, null, "redirect URI", redirectUri + " is absolute"
        + (HttpUrl.parse(redirectUri).map(HttpUrl::https).orElse(false) ? ", https" : ", http on loopback")
        + expected.map(e -> ", equal to http.publicUrl + " + RedirectUriCheck.CALLBACK_PATH).orElse("")
        + "; " + REGISTERED));
    return out;
  }

  static Check scopes(List<String> scopes, FleetConfig.Polling polling) {
    List<String> problems = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (String scope : REFRESH_SCOPES) {
      if (!scopes.contains(scope)) {
        missing.add(scope);
        problems.add(scope + " (without openid offline_access Tesla gives no refresh token)");
      }
    }
    if (!scopes.contains(DATA_SCOPE)) {
      missing.add(DATA_SCOPE);
      problems.add(DATA_SCOPE + " (vehicle_data answers 403 Unauthorized missing scopes without it)");
    }
    boolean wantsLocation = polling != null && polling.endpoints().values().stream()
        .anyMatch(sections -> sections.contains("location_data"));
    if (wantsLocation && !scopes.contains(LOCATION_SCOPE)) {
      missing.add(LOCATION_SCOPE);
      problems.add(LOCATION_SCOPE + " (polling.endpoints asks for location_data, which needs it)");
    }
    if (missing.isEmpty()) {
      return Check.pass(CONFIG, null, "scopes", "tesla.scopes is " + String.join(" ", scopes));
    }
    return Check.fail(CONFIG, null, "scopes", "tesla.scopes lacks " + String.join(", ", problems),
        "add " + String.join(" ", missing) + " to tesla.scopes (env TESLA_SCOPES), make sure the app at"
            + " developer.tesla.com has them, then log each account in again so its token carries them");
  }

  static Optional<Check> unknownScopes(List<String> scopes) {
    List<String> unknown = scopes.stream().filter(s -> !KNOWN_SCOPES.contains(s)).toList();
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Check.warn(CONFIG, null, "scope names", "tesla.scopes has " + String.join(" ", unknown)
            + ", not one of Tesla's scopes",
        "correct the spelling; Tesla's scopes are " + String.join(" ", new java.util.TreeSet<>(KNOWN_SCOPES))));
  }

  static Check tokenUrl(String tokenUrl) {
    String name = "token URL";
    String action = "set tesla.tokenUrl (env TESLA_TOKEN_URL) to " + TOKEN_URL;
    Optional<HttpUrl> parsed = HttpUrl.parse(tokenUrl);
    if (parsed.isEmpty()) {
      return Check.fail(CONFIG, null, name, "tesla.tokenUrl '" + tokenUrl + "' is not an absolute http(s) URL", action);
    }
    HttpUrl url = parsed.get();
    if (!url.https() && !url.loopback()) {
      return Check.fail(CONFIG, null, name, "tesla.tokenUrl uses http:// for " + url.host()
          + ": refresh tokens and the client secret would cross the network in clear", action);
    }
    if (!url.trimmedPath().equals(TOKEN_PATH)) {
      return Check.fail(CONFIG, null, name, "tesla.tokenUrl path is " + url.path() + ", but the token endpoint is "
          + TOKEN_PATH, action);
    }
    if (url.loopback()) {
      return Check.pass(CONFIG, null, name, tokenUrl + " is on loopback (a simulator)");
    }
    if (url.host().equals(TOKEN_HOST)) {
      return Check.pass(CONFIG, null, name, tokenUrl + " is Tesla's token endpoint");
    }
    if (url.host().equals("auth.tesla.com") || url.host().equals("auth.tesla.cn")) {
      return Check.warn(CONFIG, null, name, "tesla.tokenUrl is on " + url.host()
          + ": since August 2025 it is not reliable for server-to-server token calls", action);
    }
    return Check.fail(CONFIG, null, name, "tesla.tokenUrl host " + url.host() + " is not Tesla's token host "
        + TOKEN_HOST + ": refresh tokens and the client secret would go there", action);
  }

  static Check authorizeUrl(String authorizeUrl) {
    String name = "authorize URL";
    String action = "set tesla.authorizeUrl (env TESLA_AUTHORIZE_URL) to https://auth.tesla.com" + AUTHORIZE_PATH
        + " (China: https://auth.tesla.cn" + AUTHORIZE_PATH + ")";
    Optional<HttpUrl> parsed = HttpUrl.parse(authorizeUrl);
    if (parsed.isEmpty()) {
      return Check.fail(CONFIG, null, name, "tesla.authorizeUrl '" + authorizeUrl
          + "' is not an absolute http(s) URL", action);
    }
    HttpUrl url = parsed.get();
    if (url.loopback() && url.trimmedPath().equals(AUTHORIZE_PATH)) {
      return Check.pass(CONFIG, null, name, authorizeUrl + " is on loopback (a simulator)");
    }
    if (url.https() && AUTHORIZE_HOSTS.contains(url.host()) && url.trimmedPath().equals(AUTHORIZE_PATH)) {
      return Check.pass(CONFIG, null, name, authorizeUrl + " is Tesla's consent page");
    }
    return Check.fail(CONFIG, null, name, "tesla.authorizeUrl " + authorizeUrl
        + " is not Tesla's consent page (https on " + String.join(", ", new java.util.TreeSet<>(AUTHORIZE_HOSTS))
        + ", path " + AUTHORIZE_PATH + ")", action);
  }

  static Check baseUrl(String apiBaseUrl) {
    String name = "base URL";
    String action = "set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to your users' region: " + FleetApiRegion.listing();
    Optional<HttpUrl> parsed = HttpUrl.parse(apiBaseUrl);
    if (parsed.isEmpty()) {
      return Check.fail(CONFIG, null, name, "tesla.apiBaseUrl '" + apiBaseUrl + "' is not an absolute http(s) URL",
          action);
    }
    HttpUrl url = parsed.get();
    if (!url.trimmedPath().isEmpty()) {
      return Check.fail(CONFIG, null, name, "tesla.apiBaseUrl has a path (" + url.path()
          + "): it must be the bare host, calls add /api/1/...", action);
    }
    if (url.loopback()) {
      return Check.pass(CONFIG, null, name, apiBaseUrl
          + " is on loopback (a simulator); users/region tells each account's region live");
    }
    return FleetApiRegion.ofBaseUrl(url)
        .map(region -> Check.pass(CONFIG, null, name, apiBaseUrl + " is Tesla's base URL for region " + region.code() + " ("
            + region.area() + ")"))
        .orElseGet(() -> Check.fail(CONFIG, null, name, "tesla.apiBaseUrl " + apiBaseUrl
            + " is not one of Tesla's regional hosts", action));
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
