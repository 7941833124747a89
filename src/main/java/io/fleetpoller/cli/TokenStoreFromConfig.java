package io.fleetpoller.cli;

import io.fleetpoller.auth.FileTokenStore;
import io.fleetpoller.auth.RedisTokenStore;
import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.config.ConfigException;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.coord.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Opens the token store that {@code tokens.*} names, or says which key is wrong. */
final class TokenStoreFromConfig {

  private TokenStoreFromConfig() {}

  static Future<TokenStore> open(Vertx vertx, FleetConfig config) {
    TokenCipher cipher;
    try {
      cipher = cipher(config.tokens());
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    if (FleetConfig.Tokens.STORE_REDIS.equals(config.tokens().store())) {
      RedisConnector redis = RedisConnector.connect(vertx, config.redis());
      return Future.succeededFuture(RedisTokenStore.create(redis.api(), config.redis().keyPrefix(), cipher));
    }
    return FileTokenStore.open(vertx, config.tokens().file(), cipher).map(store -> store);
  }

  /** The AES-256-GCM cipher of {@code tokens.encryptionKey}, required by every store. */
  static TokenCipher cipher(FleetConfig.Tokens tokens) {
    String key = tokens.encryptionKey().orElseThrow(() -> new ConfigException("tokens.encryptionKey",
        "tokens.encryptionKey (env FLEET_TOKEN_KEY): required: tokens are encrypted at rest;"
            + " make one with: openssl rand -base64 32"));
    try {
      return TokenCipher.fromBase64Key(key);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("tokens.encryptionKey", e.getMessage());
    }
  }
}
