package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {

  @Test
  void pkceChallengeIsTheS256OfTheVerifier() {
    // RFC 7636, appendix B.
    assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    var pkce = Pkce.generate();
    assertThat(pkce.challenge()).isEqualTo(Pkce.challengeOf(pkce.verifier()));
    assertThat(pkce.toString()).doesNotContain(pkce.verifier());
  }
}
