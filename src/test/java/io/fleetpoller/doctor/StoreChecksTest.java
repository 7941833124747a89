package io.fleetpoller.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.TokenStoreException;
import io.fleetpoller.config.ConfigException;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.doctor.Check.Status;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreChecksTest {

  private static final FleetConfig.Tokens FILE = new FleetConfig.Tokens("file", Path.of("data/tokens.enc"),
      Optional.empty());

  @Test
  void anOpenStoreCountsItsAccountsAndAnEmptyOneSaysHowToLogIn() {
    Check two = StoreChecks.opened(FILE, 2);
    assertThat(two.status()).isEqualTo(Status.OK);
    assertThat(two.detail()).contains("data/tokens.enc").contains("2 accounts");
    Check none = StoreChecks.opened(FILE, 0);
    assertThat(none.status()).isEqualTo(Status.WARN);
    assertThat(none.action()).contains("token login");
  }

  @Test
  void aStoreThatDoesNotOpenSaysWhichKeyOrWhatToDo() {
    Check noKey = StoreChecks.unavailable(FILE, new ConfigException("tokens.encryptionKey",
        "tokens.encryptionKey (env FLEET_TOKEN_KEY): required"));
    assertThat(noKey.status()).isEqualTo(Status.FAIL);
    assertThat(noKey.action()).contains("tokens.encryptionKey");

    Check wrongKey = StoreChecks.unavailable(FILE, new TokenStoreException(
        TokenStoreException.Reason.CANNOT_DECRYPT, "no"));
    assertThat(wrongKey.detail()).contains("does not decrypt");
    assertThat(wrongKey.action()).contains("FLEET_TOKEN_KEY");

    Check redisDown = StoreChecks.unavailable(new FleetConfig.Tokens("redis", Path.of("x"), Optional.empty()),
        new TokenStoreException(TokenStoreException.Reason.IO, "connection refused"));
    assertThat(redisDown.detail()).contains("redis").contains("connection refused");
    assertThat(redisDown.action()).contains("redis.url");
  }
}
