package io.fleetpoller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar file lock keeps a compare-and-set out while another process is writing. */
class FileTokenStoreCrossProcessTest {

  static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void compareAndSetWaitsForAnotherProcessHoldingTheLockAndSeesItsRotation() throws Exception {
    Path file = dir.resolve("tokens.enc");
    Vertx vertx = Vertx.vertx();
    Process other = null;
    try {
      FileTokenStore store =
          FileTokenStore.open(vertx, file, TokenCipher.fromBase64Key(TokenCipherTest.KEY)).await();
      TokenRecord v1 = store.compareAndSet(TokenRecord.initial("acct-1", "r1", T0), 0).await();
      other = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp", System.getProperty("java.class.path"),
              TokenFileLockHolder.class.getName(), file.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("locked");

      // Started while the other process holds the lock; without the lock it would read version 1
      // and win before the other process even gets the go.
      Future<TokenRecord> mine = store.compareAndSet(v1.withRotation("a", "r2", T0, T0), 1);
      try (Writer go = new java.io.OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8)) {
        go.write("go\n");
      }
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("other process finished").isTrue();
      assertThat(other.exitValue()).isZero();

      Throwable failure = mine.transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertThat(failure).isInstanceOfSatisfying(TokenStoreException.VersionConflict.class,
          conflict -> assertThat(conflict.actual()).isEqualTo(2));
      assertThat(store.load("acct-1").await().orElseThrow().refreshToken()).isEqualTo("rotated-by-other-process");
      store.close().await();
    } finally {
      if (other != null) {
        other.destroy();
      }
      vertx.close().await();
    }
  }
}
