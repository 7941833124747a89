package io.fleetpoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  private static FleetConfig.Tesla tesla(Optional<String> clientId, Optional<String> secret) {
    return new FleetConfig.Tesla(clientId, secret, "http://localhost:8080/auth/callback",
        List.of("openid"), "https://a.example/authorize", "https://a.example/token",
        "https://api.example", Duration.ofSeconds(30), 1024);
  }

  @Test
  void toStringRedactsSecrets() {
    assertThat(tesla(Optional.of("client-1"), Optional.of("the-secret")).toString())
        .contains("client-1").doesNotContain("the-secret");
    assertThat(new FleetConfig.Tokens("file", Path.of("t.enc"), Optional.of(KEY)).toString())
        .contains("t.enc").doesNotContain(KEY);
    assertThat(new FleetConfig.Redis(Optional.of("redis://user:hunter2@redis:6379/0"), "fleet:").toString())
        .contains("redis:6379/0").doesNotContain("hunter2");
  }

  @Test
  void missingClientCredentialsNameTheKeyAndTheVariable() {
    FleetConfig.Tesla tesla = tesla(Optional.empty(), Optional.empty());
    ConfigException id = catchThrowableOfType(ConfigException.class, tesla::requireClientId);
    assertThat(id.key()).isEqualTo("tesla.clientId");
    assertThat(id.getMessage()).startsWith("tesla.clientId (env TESLA_CLIENT_ID): not set");
    ConfigException secret = catchThrowableOfType(ConfigException.class, tesla::requireClientSecret);
    assertThat(secret.key()).isEqualTo("tesla.clientSecret");
    assertThat(secret.getMessage()).startsWith("tesla.clientSecret (env TESLA_CLIENT_SECRET): not set");
  }

  @Test
  void missingEncryptionKeySaysHowToMakeOne() {
    FleetConfig.Tokens tokens = new FleetConfig.Tokens("file", Path.of("t.enc"), Optional.empty());
    ConfigException e = catchThrowableOfType(ConfigException.class, tokens::requireEncryptionKey);
    assertThat(e.key()).isEqualTo("tokens.encryptionKey");
    assertThat(e.getMessage())
        .startsWith("tokens.encryptionKey (env FLEET_TOKEN_KEY): not set")
        .endsWith("openssl rand -base64 32");
  }

  @Test
  void encryptionKeyDecodesToItsBytes() {
    byte[] raw = new byte[32];
    raw[0] = 7;
    FleetConfig.Tokens tokens = new FleetConfig.Tokens("file", Path.of("t.enc"),
        Optional.of(Base64.getEncoder().encodeToString(raw)));
    assertThat(tokens.requireEncryptionKey()).isEqualTo(raw);
  }

  @Test
  void knownPoliciesAreTheNamedOnesAndFixedWithAPositiveInterval() {
    assertThat(FleetConfig.Polling.POLICIES).allMatch(FleetConfig.Polling::isKnownPolicy);
    assertThat(List.of("fixed:30s", "fixed:1h30m", "fixed:500ms")).allMatch(FleetConfig.Polling::isKnownPolicy);
    assertThat(List.of("fixed:0s", "fixed:", "fixed:often", "teslamate", "", "FIXED:30s"))
        .noneMatch(FleetConfig.Polling::isKnownPolicy);
  }
}
