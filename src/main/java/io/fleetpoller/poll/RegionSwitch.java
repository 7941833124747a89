package io.fleetpoller.poll;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a base URL named by a 421 ("user out of region, use base URL: ...") may be used. The
 * account's bearer token goes wherever the daemon calls, so only Tesla's own Fleet API hosts over
 * https are accepted, or a loopback host when the configured base URL is itself loopback (the
 * simulator). Pure.
 */
final class RegionSwitch {

  private RegionSwitch() {}

  /** The URL to switch to, without a trailing slash, or empty when it must not be used. */
  static Optional<String> acceptable(String named, String configured) {
    if (named == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(named.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    boolean noExtras = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
    if (!noExtras || host.isEmpty()) {
      return Optional.empty();
    }
    boolean tesla = "https".equals(uri.getScheme()) && host.startsWith("fleet-api.") && host.endsWith(".tesla.com");
    boolean simulator = loopback(host) && loopback(hostOf(configured))
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    if (!tesla && !simulator) {
      return Optional.empty();
    }
    String text = uri.toString();
    return Optional.of(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  private static String hostOf(String url) {
    try {
      String host = url == null ? null : URI.create(url).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
  }
}
