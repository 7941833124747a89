package io.fleetpoller.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last resort for a rotated token pair the store could not take (Redis down, disk full): the
 * pairs are written here, encrypted like the token file, before the new access token is used, and
 * written back to the store when it answers again. Without it a restart during a store outage
 * would leave only the spent refresh token (FACTS.md: refresh tokens are single-use).
 */
final class SpillFile {

  private final Vertx vertx;
  private final Path path;
  private final TokenCipher cipher;

  SpillFile(Vertx vertx, Path path, TokenCipher cipher) {
    this.vertx = vertx;
    this.path = path.toAbsolutePath();
    this.cipher = cipher;
  }

  /** Every spilled record; empty when there is no spill file. */
  Future<Map<String, TokenRecord>> readAll() {
    return vertx.executeBlocking(() -> {
      Map<String, TokenRecord> records = new LinkedHashMap<>();
      var bytes = AtomicFile.read(path);
      if (bytes.isEmpty()) {
        return records;
      }
      TokenFile file = TokenFile.parse(path, bytes.get());
      for (String account : file.accounts()) {
        file.record(account, cipher).ifPresent(r -> records.put(account, r));
      }
      return records;
    }, true);
  }

  /** Replaces the file's content with {@code pending}; deletes it when nothing is pending. */
  Future<Void> writeAll(Map<String, TokenRecord> pending) {
    Map<String, TokenRecord> snapshot = Map.copyOf(pending);
    return vertx.executeBlocking(() -> {
      if (snapshot.isEmpty()) {
        Files.deleteIfExists(path);
        return null;
      }
      if (path.toAbsolutePath().getParent() != null) {
        AtomicFile.createDirectories(path.toAbsolutePath().getParent());
      }
      TokenFile file = TokenFile.empty(path);
      snapshot.values().forEach(record -> file.put(record, cipher));
      try {
        AtomicFile.replace(path, file.toBytes());
      } catch (IOException e) {
        throw new TokenStoreException(TokenStoreException.Reason.IO,
            "cannot write the token spill file " + path + ": " + e.getMessage());
      }
      return null;
    }, true);
  }

  Path path() {
    return path;
  }
}
