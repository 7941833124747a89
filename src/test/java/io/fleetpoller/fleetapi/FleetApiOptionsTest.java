package io.fleetpoller.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one mapping of the {@code tesla.*} settings onto a Fleet API client's options. */
class FleetApiOptionsTest {

  private final FleetConfig.Tesla defaults = ConfigLoader.defaults().tesla();

  private FleetConfig.Tesla tesla(Optional<String> id, Optional<String> secret, String baseUrl) {
    return new FleetConfig.Tesla(id, secret, defaults.redirectUri(), defaults.scopes(), defaults.authorizeUrl(),
        "http://127.0.0.1:9000/oauth2/v3/token", baseUrl, Duration.ofSeconds(7), 4096);
  }

  @Test
  void theTeslaSettingsBecomeTheClientsUrlsClientTimeoutAndSizeCap() {
    FleetApiOptions options = FleetApiOptions.of(
        tesla(Optional.of("cid"), Optional.of("csecret"), "http://127.0.0.1:9000"));

    assertThat(options.apiBaseUrl()).isEqualTo("http://127.0.0.1:9000");
    assertThat(options.tokenUrl()).isEqualTo("http://127.0.0.1:9000/oauth2/v3/token");
    assertThat(options.clientId()).isEqualTo("cid");
    assertThat(options.clientSecret()).isEqualTo("csecret");
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(options.maxResponseBytes()).isEqualTo(4096);
  }

  @Test
  void aMissingClientStaysUnsetAndABadUrlIsRefused() {
    FleetApiOptions options = FleetApiOptions.of(tesla(Optional.empty(), Optional.empty(), "http://127.0.0.1:9000"));
    assertThat(options.clientId()).isNull();
    assertThat(options.clientSecret()).isNull();

    assertThatThrownBy(() -> FleetApiOptions.of(tesla(Optional.empty(), Optional.empty(), "not a url")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
