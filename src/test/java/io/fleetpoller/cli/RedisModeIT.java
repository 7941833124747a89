package io.fleetpoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.TokenCipher;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands with {@code redis.url} set: tokens go to Redis, encrypted; the bench coordinates there. */
@ExtendWith(RedisServerExtension.class)
class RedisModeIT {

  @TempDir Path dir;

  @Test
  void importedTokensLiveInRedisEncrypted(RedisServerProcess redis) throws Exception {
    Path config = dir.resolve("fleet-poller.yaml");
    Files.writeString(config, "redis:\n  url: " + redis.url() + "\ntokens:\n  encryptionKey: "
        + TokenCipher.randomBase64Key() + "\n");
    String secret = "NA_" + "5eed".repeat(16);
    Path tokenFile = dir.resolve("refresh.txt");
    Files.writeString(tokenFile, secret);

    var imported = CommandLineTest.run("token", "import", "--account", "fleet-a",
        "--refresh-token-file", tokenFile.toString(), "--config", config.toString());
    var status = CommandLineTest.run("token", "status", "--config", config.toString());

    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("in redis");
    assertThat(status.out()).contains("fleet-a: active; no access token yet").contains("version 1");
    Vertx vertx = Vertx.vertx();
    try {
      String raw = RedisConnector.connect(vertx, redis.url()).api()
          .hgetall("fleet:tokens:fleet-a").await().toString();
      assertThat(raw).contains("version").doesNotContain(secret).doesNotContain("5eed5eed");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void singleFlightBenchMakesOneRefresh(RedisServerProcess redis) {
    var result = CommandLineTest.run("bench", "singleflight", "--instances", "3", "--callers", "50",
        "--redis-url", redis.url());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("refreshes seen by the simulator : 1")
        .contains("refresh-token reuse             : 0")
        .contains("distinct access tokens handed out: 1");
  }
}
