package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizationRequestTest {

  private static final String REDIRECT = "http://localhost:8080/auth/callback";

  @Test
  void authorizeUrlCarriesTheExactRedirectUriStateAndPkce() {
    var request = AuthorizationRequest.create("acct-1", "https://auth.example/oauth2/v3/authorize", "cid",
        REDIRECT, List.of("openid", "offline_access", "vehicle_device_data"));

    assertThat(request.url())
        .startsWith("https://auth.example/oauth2/v3/authorize?response_type=code&client_id=cid")
        .contains("redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fauth%2Fcallback")
        .contains("scope=openid%20offline_access%20vehicle_device_data")
        .contains("state=" + request.state())
        .contains("code_challenge=" + request.pkce().challenge())
        .contains("code_challenge_method=S256")
        .doesNotContain(request.pkce().verifier());
    assertThat(request.state()).hasSizeGreaterThanOrEqualTo(22); // >= 128 bits of base64url
    assertThat(request.toString()).doesNotContain(request.state());
  }

  @Test
  void everyRequestHasItsOwnState() {
    var a = AuthorizationRequest.create("acct-1", "https://a/authorize", "cid", REDIRECT, List.of("openid"));
    var b = AuthorizationRequest.create("acct-1", "https://a/authorize", "cid", REDIRECT, List.of("openid"));
    assertThat(a.state()).isNotEqualTo(b.state());
    assertThat(a.pkce().verifier()).isNotEqualTo(b.pkce().verifier());
  }

  @Test
  void redirectWithCodeAndStateIsRead() {
    var response = AuthorizationResponse.fromRedirect(REDIRECT + "?code=abc%2B1&state=s1&issuer=x");
    assertThat(response.code()).contains("abc+1");
    assertThat(response.state()).contains("s1");
    assertThat(response.error()).isEmpty();
    assertThat(response.toString()).doesNotContain("abc");
  }

  @Test
  void redirectWithAnErrorIsRead() {
    var response = AuthorizationResponse.fromRedirect(REDIRECT + "?error=access_denied&error_description=User+cancelled&state=s1");
    assertThat(response.error()).contains("access_denied");
    assertThat(response.errorDescription()).contains("User cancelled");
    assertThat(response.code()).isEmpty();
  }

  @Test
  void somethingThatIsNoRedirectIsRefusedClearly() {
    assertThatThrownBy(() -> AuthorizationResponse.fromRedirect("page not found"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthorizationResponse.fromRedirect(REDIRECT))
        .hasMessageContaining("no query");
  }
}
