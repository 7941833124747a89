package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredAccountStatusViewTest {

  static final Instant T = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  FileTokenStore store;

  @BeforeEach
  void open() {
    store = FileTokenStore.open(vertx, dir.resolve("tokens.enc"), TokenCipher.fromBase64Key(ConsentHarness.KEY)).await();
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  static String jwt(String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
  }

  @Test
  void eachStoredAccountShowsItsClaimsAndTheStateTheHealthSourceGives() {
    String access = jwt("{\"exp\":" + T.plusSeconds(28_800).getEpochSecond()
        + ",\"scp\":[\"openid\",\"vehicle_device_data\"],\"ou_code\":\"EU\"}");
    store.compareAndSet(new TokenRecord("home", "EU_refresh", access, T.plusSeconds(28_000), 1, T, 0), 0).await();
    store.compareAndSet(TokenRecord.initial("cabin", "NA_refresh", T.minusSeconds(60)), 0).await();
    StoredAccountStatusView.AccountHealth health = new StoredAccountStatusView.AccountHealth() {
      @Override public AccountState state(String account) {
        return account.equals("cabin") ? AccountState.NEEDS_CONSENT : AccountState.ACTIVE;
      }
      @Override public Optional<String> reason(String account) {
        return account.equals("cabin") ? Optional.of("login_required") : Optional.empty();
      }
    };

    List<AccountStatus> statuses = new StoredAccountStatusView(store, health).accounts().await();

    assertThat(statuses).containsExactly(
        new AccountStatus("cabin", AccountState.NEEDS_CONSENT, Optional.of("login_required"), Optional.empty(),
            List.of(), Optional.empty(), T.minusSeconds(60), 1),
        // The stored expiry wins over the JWT's exp: it is what the refresh schedule uses.
        new AccountStatus("home", AccountState.ACTIVE, Optional.empty(), Optional.of(T.plusSeconds(28_000)),
            List.of("openid", "vehicle_device_data"), Optional.of("EU"), T, 1));
  }

  @Test
  void withoutAHealthSourceEveryAccountIsActiveAndAnOpaqueTokenHasNoClaims() {
    store.compareAndSet(new TokenRecord("home", "NA_r", "opaque-token", null, 1, T, 0), 0).await();

    AccountStatus status = new StoredAccountStatusView(store).accounts().await().get(0);

    assertThat(status.state()).isEqualTo(AccountState.ACTIVE);
    assertThat(status.scopes()).isEmpty();
    assertThat(status.accessExpiresAt()).isEmpty();
    assertThat(status.toString()).doesNotContain("opaque-token").doesNotContain("NA_r");
  }

  @Test
  void anEmptyStoreHasNoAccounts() {
    assertThat(new StoredAccountStatusView(store).accounts().await()).isEmpty();
  }
}
