package io.fleetpoller.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What is likely wrong with {@code tesla.redirectUri}, checked at start so a bad value shows before
 * the first login rather than as Tesla's {@code invalid_redirect_url} (FACTS.md, "OAuth": the code
 * exchange must repeat the authorize redirect URI exactly). Pure: values in, warnings out. Each
 * warning names the key and says what to do; none stops the daemon (a proxy may rewrite paths).
 */
public final class RedirectUriCheck {

  /** Where this daemon serves the OAuth callback (DESIGN.md, "Daemon HTTP"). */
  public static final String CALLBACK_PATH = "/auth/callback";

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  private RedirectUriCheck() {}

  /**
   * @param redirectUri {@code tesla.redirectUri}
   * @param publicUrl {@code http.publicUrl}: where users reach this daemon, when set
   */
  public static List<String> warnings(String redirectUri, Optional<String> publicUrl) {
    List<String> out = new ArrayList<>();
    URI uri = parse(redirectUri);
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      out.add("tesla.redirectUri '" + redirectUri + "' is not an absolute http(s) URL: set it to the full"
          + " callback address registered for your app, e.g. https://fleet.example.com" + CALLBACK_PATH);
      return out;
    }
    if (uri.getRawFragment() != null) {
      out.add("tesla.redirectUri has a fragment (#" + uri.getRawFragment() + "): a redirect URI must not have"
          + " one (RFC 6749, 3.1.2); remove it here and in the app's registration");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (!"https".equalsIgnoreCase(uri.getScheme()) && !LOOPBACK.contains(host)) {
      out.add("tesla.redirectUri uses http:// for " + host + ": the code would cross the network in clear;"
          + " use https:// (plain http is only fit for localhost, 127.0.0.1 or ::1)");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    Optional<URI> daemon = publicUrl.filter(p -> !p.isBlank()).map(RedirectUriCheck::parse);
    if (publicUrl.filter(p -> !p.isBlank()).isPresent()
        && (daemon.isEmpty() || daemon.get().getHost() == null || !daemon.get().isAbsolute())) {
      out.add("http.publicUrl '" + publicUrl.get() + "' is not an absolute URL, so tesla.redirectUri could not"
          + " be checked against it: set it to where users reach this daemon, e.g. https://fleet.example.com");
      daemon = Optional.empty();
    }
    if (daemon.isPresent()) {
      URI pub = daemon.get();
      String expectedPath = stripTrailingSlash(pub.getRawPath() == null ? "" : pub.getRawPath()) + CALLBACK_PATH;
      String expected = stripTrailingSlash(publicUrl.get().trim()) + CALLBACK_PATH;
      if (!origin(uri).equals(origin(pub))) {
        out.add("tesla.redirectUri points at " + shown(uri) + " but http.publicUrl is " + shown(pub)
            + ": the browser would bring the code elsewhere than this daemon; set tesla.redirectUri to "
            + expected + " (and register exactly that for the app)");
      } else if (!path.equals(expectedPath)) {
        out.add("tesla.redirectUri path is " + path + " but this daemon serves the callback at " + expectedPath
            + " under http.publicUrl: use " + expected + ", unless a proxy forwards " + path + " there");
      }
    } else if (!path.equals(CALLBACK_PATH)) {
      out.add("tesla.redirectUri path is " + path + " but this daemon serves the callback at " + CALLBACK_PATH
          + ": use " + CALLBACK_PATH + ", unless a proxy forwards " + path + " there");
    }
    return List.copyOf(out);
  }

  private static URI parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** scheme://host:port with the scheme's default port made explicit, so :443 and no port are equal. */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** scheme://host[:port] as written, for messages. */
  private static String shown(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
