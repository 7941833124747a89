package io.fleetpoller.auth;

import java.util.Objects;

/**
 * A token store could not do what was asked. Callers switch on {@link #reason()}, never on the
 * message. Messages name the account, file or field involved but never a token value or the key.
 */
public class TokenStoreException extends RuntimeException {

  /** Why the store failed. */
  public enum Reason {
    /** Reading or writing the backing storage failed. */
    IO,
    /** The stored data is not what this version writes (not JSON, truncated, unknown format). */
    CORRUPT,
    /** A value did not decrypt: wrong {@code tokens.encryptionKey}, or the value was altered. */
    CANNOT_DECRYPT,
    /** A compare-and-set found another version than expected; see {@link VersionConflict}. */
    VERSION_CONFLICT,
    /**
     * A fenced compare-and-set carried an older fencing number than the store already holds: the
     * writer's lock was taken over; see {@link StaleFence}.
     */
    STALE_FENCE,
    /** The store was used after {@link TokenStore#close()}. */
    CLOSED
  }

  private final Reason reason;

  public TokenStoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  public TokenStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /**
   * The stored version of an account is not the one the writer read: someone else rotated the
   * tokens first. The writer must reload and decide again (its refresh token is probably spent).
   */
  public static final class VersionConflict extends TokenStoreException {
    private final String account;
    private final long expected;
    private final long actual;

    public VersionConflict(String account, long expected, long actual) {
      super(
          Reason.VERSION_CONFLICT,
          "tokens of account " + account + " changed concurrently: expected version " + expected
              + " but the store has version " + actual);
      this.account = account;
      this.expected = expected;
      this.actual = actual;
    }

    public String account() {
      return account;
    }

    public long expected() {
      return expected;
    }

    /** The version currently stored; 0 when the account has no record. */
    public long actual() {
      return actual;
    }
  }

  /**
   * A write carried the fencing number of a lock that has since been taken over: the store already
   * holds a record written under a newer fence ({@code stored > offered}). The writer must not
   * retry with the same fence; it reloads, and takes the lock again if it still needs to write.
   */
  public static final class StaleFence extends TokenStoreException {
    private final String account;
    private final long offered;
    private final long stored;

    public StaleFence(String account, long offered, long stored) {
      super(
          Reason.STALE_FENCE,
          "tokens of account " + account + " were written under a newer lock: this write carries fence "
              + offered + " but the store has fence " + stored);
      this.account = account;
      this.offered = offered;
      this.stored = stored;
    }

    public String account() {
      return account;
    }

    /** The fence the refused write carried. */
    public long offered() {
      return offered;
    }

    /** The fence of the stored record, greater than {@link #offered()}. */
    public long stored() {
      return stored;
    }
  }
}
