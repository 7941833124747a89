package io.fleetpoller.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts token values at rest with AES-256-GCM. Each value gets a fresh random 12-byte nonce and
 * is written as {@code base64(nonce || ciphertext || tag)}. The account id and field name are bound
 * in as associated data, so a value copied to another account or field fails to decrypt instead of
 * silently authenticating someone else's car.
 *
 * <p>Thread-safe: a {@link Cipher} is made per call (they are not shareable).
 */
public final class TokenCipher {

  static final String KEY_HELP =
      "tokens.encryptionKey must be base64 of 32 bytes (make one with: openssl rand -base64 32)";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** Versions the associated-data layout so it can change without guessing. */
  private static final byte[] AAD_PREFIX = "fleet-poller/token/v1".getBytes(StandardCharsets.UTF_8);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private TokenCipher(byte[] rawKey) {
    this.key = new SecretKeySpec(rawKey, "AES");
  }

  /** A fresh random key, base64 of 32 bytes: for throwaway stores (demo, benchmarks, tests). */
  public static String randomBase64Key() {
    byte[] raw = new byte[KEY_BYTES];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /**
   * A cipher for a key given as base64 of exactly 32 bytes (surrounding whitespace ignored, so a
   * key read from a file with a trailing newline works). The message of a bad key never echoes it,
   * and carries no cause, since the decoder's message quotes the offending character.
   */
  public static TokenCipher fromBase64Key(String base64Key) {
    if (base64Key == null) {
      throw new IllegalArgumentException(KEY_HELP);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(KEY_HELP + "; the value given is not valid base64");
    }
    if (raw.length != KEY_BYTES) {
      int length = raw.length;
      Arrays.fill(raw, (byte) 0);
      throw new IllegalArgumentException(KEY_HELP + "; the value given decodes to " + length + " bytes");
    }
    TokenCipher cipher = new TokenCipher(raw);
    Arrays.fill(raw, (byte) 0);
    return cipher;
  }

  /** {@code base64(nonce || ciphertext || tag)} of {@code plaintext}, bound to account and field. */
  public String encrypt(String plaintext, String account, String field) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(account, field));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every JDK; reaching this means a broken JCE install.
      throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
    }
  }

  /**
   * The plaintext sealed by {@link #encrypt} for this account and field. A wrong key, an altered
   * value, or a value from another account or field fails with {@link TokenStoreException} (reason
   * {@code CANNOT_DECRYPT}); the message names the account and field only.
   */
  public String decrypt(String ciphertext, String account, String field) {
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(ciphertext);
    } catch (IllegalArgumentException notBase64) {
      throw cannotDecrypt(account, field, null);
    }
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw cannotDecrypt(account, field, null);
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(account, field));
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException badTag) {
      throw cannotDecrypt(account, field, null);
    } catch (GeneralSecurityException e) {
      throw cannotDecrypt(account, field, e);
    }
  }

  /** Length-prefixed so that ("ab", "c") and ("a", "bc") never share associated data. */
  private static byte[] associatedData(String account, String field) {
    byte[] a = account.getBytes(StandardCharsets.UTF_8);
    byte[] f = field.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(AAD_PREFIX.length + 8 + a.length + f.length)
        .put(AAD_PREFIX)
        .putInt(a.length)
        .put(a)
        .putInt(f.length)
        .put(f)
        .array();
  }

  private static TokenStoreException cannotDecrypt(String account, String field, Throwable cause) {
    return new TokenStoreException(
        TokenStoreException.Reason.CANNOT_DECRYPT,
        "cannot decrypt " + field + " for account " + account
            + ": wrong tokens.encryptionKey or corrupted file",
        cause);
  }

  @Override
  public String toString() {
    return "TokenCipher[AES-256-GCM]";
  }
}
