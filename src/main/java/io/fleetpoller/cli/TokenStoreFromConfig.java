package io.fleetpoller.cli;

import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.config.ConfigException;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Opens the token store that {@code tokens.*} names, or says which key is wrong. */
final class TokenStoreFromConfig {

  private TokenStoreFromConfig() {}

  static Future<TokenStore> open(Vertx vertx, FleetConfig.Tokens tokens) {
    if (FleetConfig.Tokens.STORE_REDIS.equals(tokens.store())) {
      return Future.failedFuture(new ConfigException("tokens.store",
          "tokens.store: the Redis token store is not in this version yet; use 'file'"));
    }
    String key = tokens.encryptionKey().orElseThrow(() -> new ConfigException("tokens.encryptionKey",
        "tokens.encryptionKey (env FLEET_TOKEN_KEY): required for the file token store;"
            + " make one with: openssl rand -base64 32"));
    TokenCipher cipher;
    try {
      cipher = TokenCipher.fromBase64Key(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ConfigException("tokens.encryptionKey", e.getMessage()));
    }
    return FileTokenStore.open(vertx, tokens.file(), cipher).map(store -> store);
  }
}
