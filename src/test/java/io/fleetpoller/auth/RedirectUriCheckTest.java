package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedirectUriCheckTest {

  /**
   * redirectUri, publicUrl (null = unset), then one entry per expected warning, in order: the
   * fragments it must contain, separated by " && " (no entry = no warning).
   */
  static Stream<Arguments> table() {
    return Stream.of(
        row("http://localhost:8080/auth/callback", null),
        row("http://127.0.0.1:8080/auth/callback", null),
        row("http://[::1]:8080/auth/callback", null),
        row("https://fleet.example.com/auth/callback", null),
        row("https://fleet.example.com/auth/callback", "https://fleet.example.com"),
        row("https://fleet.example.com/auth/callback", "https://fleet.example.com/"),
        row("https://fleet.example.com:443/auth/callback", "https://FLEET.example.com"),
        row("https://example.com/fleet/auth/callback", "https://example.com/fleet"),
        row("/auth/callback", null, "not an absolute http(s) URL"),
        row("localhost:8080/auth/callback", null, "not an absolute http(s) URL"),
        row("ftp://example.com/auth/callback", null, "not an absolute http(s) URL"),
        row("http://exa mple.com/auth/callback", null, "not an absolute http(s) URL"),
        row("", null, "not an absolute http(s) URL"),
        row("https://fleet.example.com/auth/callback#top", null, "has a fragment"),
        row("http://fleet.example.com/auth/callback", null, "uses http:// for fleet.example.com"),
        row("http://192.168.1.5:8080/auth/callback", null, "use https://"),
        row("https://fleet.example.com/callback", null, "path is /callback && unless a proxy forwards /callback"),
        row("https://other.example.com/auth/callback", "https://fleet.example.com",
            "points at https://other.example.com but http.publicUrl is https://fleet.example.com"
                + " && set tesla.redirectUri to https://fleet.example.com/auth/callback"),
        row("https://fleet.example.com:8443/auth/callback", "https://fleet.example.com", "points at"),
        row("http://localhost:8080/auth/callback", "https://fleet.example.com", "points at"),
        row("https://example.com/auth/callback", "https://example.com/fleet",
            "serves the callback at /fleet/auth/callback && use https://example.com/fleet/auth/callback"),
        row("https://fleet.example.com/auth/callback", "not a url", "http.publicUrl 'not a url' is not an absolute URL"),
        row("http://fleet.example.com/cb#x", null, "has a fragment", "uses http://", "path is /cb"));
  }

  private static Arguments row(String redirectUri, String publicUrl, String... expected) {
    return Arguments.of(redirectUri, publicUrl, List.of(expected));
  }

  @ParameterizedTest(name = "{0} with publicUrl {1}")
  @MethodSource("table")
  void warnsAboutWhatIsWrongWithTheRedirectUri(String redirectUri, String publicUrl, List<String> expected) {
    List<String> warnings = RedirectUriCheck.warnings(redirectUri, Optional.ofNullable(publicUrl));

    assertThat(warnings).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(warnings.get(i)).contains(expected.get(i).split(" && ")).contains("tesla.redirectUri");
    }
  }
}
