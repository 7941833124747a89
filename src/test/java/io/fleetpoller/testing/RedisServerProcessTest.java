package io.fleetpoller.testing;

import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerProcessTest {

  @Test
  void killedServerComesBackOnTheSamePortWithItsData() {
    Vertx vertx = Vertx.vertx();
    try (RedisServerProcess server = RedisServerProcess.start()) {
      Redis client = Redis.createClient(vertx, server.url());
      RedisAPI api = RedisAPI.api(client);
      result(api.set(List.of("k", "written-before-the-kill")));
      String url = server.url();

      server.kill();
      assertThat(server.isRunning()).isFalse();
      server.restart();

      assertThat(server.url()).isEqualTo(url);
      assertThat(server.isRunning()).isTrue();
      assertThat(result(api.get("k")).toString()).isEqualTo("written-before-the-kill");
      server.flush();
      assertThat(result(api.get("k"))).isNull();
      result(client.close());
    } finally {
      result(vertx.close());
    }
  }

  @Test
  void stopRemovesTheServer() {
    RedisServerProcess server = RedisServerProcess.start();
    assumeFalse(server.isExternal(), "REDIS_URL's server is not ours to stop");
    server.stop();

    assertThat(server.isRunning()).isFalse();
    server.stop(); // idempotent
  }
}
