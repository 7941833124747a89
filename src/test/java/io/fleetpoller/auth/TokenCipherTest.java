package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCipherTest {

  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  static final String OTHER_KEY = Base64.getEncoder().encodeToString(filled(32, (byte) 7));
  static final String SECRET = "NA_refresh-secret-value-123";

  private final TokenCipher cipher = TokenCipher.fromBase64Key(KEY);

  @Test
  void decryptsWhatItEncrypted() {
    String sealed = cipher.encrypt(SECRET, "acct-1", "refresh_token");

    assertThat(sealed).doesNotContain(SECRET);
    assertThat(cipher.decrypt(sealed, "acct-1", "refresh_token")).isEqualTo(SECRET);
  }

  @Test
  void sameValueEncryptsDifferentlyEachTimeBecauseOfTheRandomNonce() {
    assertThat(cipher.encrypt(SECRET, "a", "f")).isNotEqualTo(cipher.encrypt(SECRET, "a", "f"));
  }

  @Test
  void wrongKeyFailsWithAClearMessageAndNoSecret() {
    String sealed = cipher.encrypt(SECRET, "acct-1", "refresh_token");
    TokenCipher other = TokenCipher.fromBase64Key(OTHER_KEY);

    assertThatThrownBy(() -> other.decrypt(sealed, "acct-1", "refresh_token"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessage("cannot decrypt refresh_token for account acct-1: wrong tokens.encryptionKey or corrupted file")
        .satisfies(e -> assertThat(((TokenStoreException) e).reason())
            .isEqualTo(TokenStoreException.Reason.CANNOT_DECRYPT));
  }

  @Test
  void valueMovedToAnotherAccountOrFieldDoesNotDecrypt() {
    String sealed = cipher.encrypt(SECRET, "acct-1", "refresh_token");

    assertThatThrownBy(() -> cipher.decrypt(sealed, "acct-2", "refresh_token"))
        .isInstanceOf(TokenStoreException.class).hasMessageContaining("account acct-2");
    assertThatThrownBy(() -> cipher.decrypt(sealed, "acct-1", "access_token"))
        .isInstanceOf(TokenStoreException.class);
  }

  @Test
  void accountAndFieldBoundariesCannotBeShifted() {
    String sealed = cipher.encrypt(SECRET, "ab", "c");

    assertThatThrownBy(() -> cipher.decrypt(sealed, "a", "bc")).isInstanceOf(TokenStoreException.class);
  }

  @Test
  void anyTamperedByteFailsToDecrypt() {
    byte[] raw = Base64.getDecoder().decode(cipher.encrypt(SECRET, "a", "f"));
    for (int i = 0; i < raw.length; i++) {
      byte[] tampered = raw.clone();
      tampered[i] ^= 1;
      String value = Base64.getEncoder().encodeToString(tampered);
      assertThatThrownBy(() -> cipher.decrypt(value, "a", "f")).isInstanceOf(TokenStoreException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not base64!", "AAAA"})
  void garbageCiphertextFailsToDecrypt(String garbage) {
    assertThatThrownBy(() -> cipher.decrypt(garbage, "a", "f"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("cannot decrypt f for account a");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 31, 33, 64})
  void keyOfAnyOtherLengthIsRefusedWithoutEchoingIt(int length) {
    String key = Base64.getEncoder().encodeToString(filled(length, (byte) 0x5a));

    assertThatThrownBy(() -> TokenCipher.fromBase64Key(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(TokenCipher.KEY_HELP)
        .hasMessageContaining("decodes to " + length + " bytes")
        .satisfies(e -> {
          if (!key.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(key);
          }
        });
  }

  @Test
  void keyThatIsNotBase64IsRefusedWithoutEchoingItOrItsCharacters() {
    String key = "my-super-secret-passphrase-%%%%-that-is-not-base64";

    assertThatThrownBy(() -> TokenCipher.fromBase64Key(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openssl rand -base64 32")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain("%"));
  }

  @Test
  void missingKeyIsRefusedWithTheHowTo() {
    assertThatThrownBy(() -> TokenCipher.fromBase64Key(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(TokenCipher.KEY_HELP);
  }

  @Test
  void keyWithTrailingNewlineFromAFileIsAccepted() {
    TokenCipher fromFile = TokenCipher.fromBase64Key(KEY + "\n");

    assertThat(fromFile.decrypt(cipher.encrypt(SECRET, "a", "f"), "a", "f")).isEqualTo(SECRET);
  }

  static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }
}
