package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenRecordTest {

  static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

  @Test
  void toStringShowsMetadataButNoTokenValue() {
    TokenRecord record = new TokenRecord("acct-1", "NA_refresh-secret", "eyJ.access.secret",
        T0.plusSeconds(28800), 3, T0, 0);

    assertThat(record.toString())
        .contains("acct-1", "version=3", "2025-06-01T08:00:00Z")
        .doesNotContain("NA_refresh-secret", "eyJ.access.secret");
  }

  @Test
  void rotationIncrementsVersionReplacesTokensAndClearsFence() {
    TokenRecord before = TokenRecord.initial("acct-1", "old", T0).withFence(9);

    TokenRecord after = before.withRotation("access", "new", T0.plusSeconds(28800), T0.plusSeconds(5));

    assertThat(after).isEqualTo(new TokenRecord("acct-1", "new", "access", T0.plusSeconds(28800), 2,
        T0.plusSeconds(5), 0));
  }

  @ParameterizedTest(name = "expires +{0}s, margin {1}s, at +{2}s → {3}")
  @CsvSource({
    "3600, 300, 0, true",
    "3600, 300, 3299, true",
    "3600, 300, 3300, false",
    "3600, 0, 3600, false",
    "3600, 0, 4000, false",
  })
  void accessIsValidOnlyBeforeExpiryMinusMargin(long expiresIn, long margin, long at, boolean valid) {
    TokenRecord record = new TokenRecord("a", "r", "x", T0.plusSeconds(expiresIn), 1, T0, 0);

    assertThat(record.accessValidAt(T0.plusSeconds(at), Duration.ofSeconds(margin))).isEqualTo(valid);
  }

  @Test
  void noAccessTokenIsNeverValid() {
    assertThat(TokenRecord.initial("a", "r", T0).accessValidAt(T0, Duration.ZERO)).isFalse();
  }
}
