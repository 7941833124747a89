package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RedisServerExtension.class)
class AccountRegionsTest {

  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theFileKeepsEachAccountsRegionAcrossInstancesOfTheStore() {
    Path file = FileAccountRegions.besideTokens(dir.resolve("data/tokens.enc"));
    new FileAccountRegions(vertx, file).set("a", "https://fleet-api.prd.eu.vn.cloud.tesla.com").await();
    new FileAccountRegions(vertx, file).set("b", "https://fleet-api.prd.cn.vn.cloud.tesla.com").await();

    assertThat(new FileAccountRegions(vertx, file).all().await())
        .containsEntry("a", "https://fleet-api.prd.eu.vn.cloud.tesla.com")
        .containsEntry("b", "https://fleet-api.prd.cn.vn.cloud.tesla.com");
  }

  @Test
  void anUnreadableFileReadsAsEmptyAndIsReplacedOnTheNextSet() throws Exception {
    Path file = dir.resolve("regions.json");
    Files.writeString(file, "{not json");
    assertThat(new FileAccountRegions(vertx, file).all().await()).isEmpty();
    new FileAccountRegions(vertx, file).set("a", "https://fleet-api.prd.eu.vn.cloud.tesla.com").await();
    assertThat(new FileAccountRegions(vertx, file).all().await()).containsOnlyKeys("a");
  }

  @Test
  void redisKeepsThemInOneHashSharedByInstances(RedisServerProcess redis) {
    var api = RedisConnector.connect(vertx, redis.url()).api();
    new RedisAccountRegions(api, "t:").set("a", "https://fleet-api.prd.eu.vn.cloud.tesla.com").await();

    assertThat(new RedisAccountRegions(api, "t:").all().await())
        .containsEntry("a", "https://fleet-api.prd.eu.vn.cloud.tesla.com");
    assertThat(api.hget("t:regions", "a").await().toString()).isEqualTo("https://fleet-api.prd.eu.vn.cloud.tesla.com");
  }
}
