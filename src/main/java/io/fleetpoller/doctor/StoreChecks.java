package io.fleetpoller.doctor;

import static io.fleetpoller.doctor.Check.STORE;

import io.fleetpoller.auth.TokenStoreException;
import io.fleetpoller.config.ConfigException;
import io.fleetpoller.config.FleetConfig;

/** Whether the token store named by {@code tokens.*} opens, and what it holds. Pure. */
public final class StoreChecks {

  private StoreChecks() {}

  /** The store opened and listed {@code accounts} accounts. */
  public static Check opened(FleetConfig.Tokens tokens, int accounts) {
    String where = where(tokens);
    if (accounts == 0) {
      return Check.warn(STORE, null, "token store", where + " opens but holds no account: nothing is polled",
          "log an account in: run 'token login --account ID' or open /auth/login?account=ID on the daemon");
    }
    return Check.pass(STORE, null, "token store", where + " opens and decrypts with tokens.encryptionKey; "
        + accounts + (accounts == 1 ? " account" : " accounts"));
  }

  /** The store did not open (or could not list its accounts). */
  public static Check unavailable(FleetConfig.Tokens tokens, Throwable failure) {
    String where = where(tokens);
    if (failure instanceof ConfigException e) {
      return Check.fail(STORE, null, "token store", e.getMessage(),
          "set " + e.key() + " and run doctor again");
    }
    if (failure instanceof TokenStoreException e) {
      return switch (e.reason()) {
        case CANNOT_DECRYPT -> Check.fail(STORE, null, "token store", where
                + " does not decrypt with tokens.encryptionKey",
            "set tokens.encryptionKey (env FLEET_TOKEN_KEY) to the key the tokens were written with; if it is lost,"
                + " move the store aside and log every account in again");
        case CORRUPT -> Check.fail(STORE, null, "token store", where + " is damaged: " + e.getMessage(),
            "restore it from a backup, or move it aside and log every account in again");
        default -> Check.fail(STORE, null, "token store", where + " cannot be read: " + e.getMessage(),
            "check the path and its permissions (tokens.file) or that Redis answers (redis.url)");
      };
    }
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    return Check.fail(STORE, null, "token store", where + " cannot be read: " + message,
        "check the path and its permissions (tokens.file) or that Redis answers (redis.url)");
  }

  private static String where(FleetConfig.Tokens tokens) {
    return FleetConfig.Tokens.STORE_REDIS.equals(tokens.store())
        ? "the redis token store" : "the token file " + tokens.file();
  }
}
