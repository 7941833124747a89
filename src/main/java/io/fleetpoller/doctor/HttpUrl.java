package io.fleetpoller.doctor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An absolute http(s) URL, compared the way servers compare them: scheme and host ignore case, :443 is https's. */
record HttpUrl(String scheme, String host, int port, String path) {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** Empty when {@code text} is not an absolute http:// or https:// URL with a host. */
  static Optional<HttpUrl> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return Optional.empty();
      }
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return Optional.of(new HttpUrl(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  boolean https() {
    return scheme.equals("https");
  }

  /** This machine: a simulator or a tunnel, where plain http is fine and no Tesla host is expected. */
  boolean loopback() {
    return LOOPBACK.contains(host);
  }

  /** The path without a trailing slash; "" for none. */
  String trimmedPath() {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Same origin and path, a trailing slash aside: the same base URL. */
  boolean sameAs(HttpUrl other) {
    return scheme.equals(other.scheme) && host.equals(other.host) && port == other.port
        && trimmedPath().equals(other.trimmedPath());
  }
}
