package io.fleetpoller.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Vertx;
import java.net.ConnectException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisConnectorTest {

  @Test
  void describeRemovesUrlsAndPasswordsButKeepsTheKindOfFailure() {
    var failure = new ConnectException(
        "cannot connect to redis://user:s3cret@redis.internal:6379/0 (rediss://:pw@other:6380)");

    String text = RedisConnector.describe(failure);

    assertThat(text).startsWith("ConnectException: cannot connect to")
        .doesNotContain("s3cret", "pw@", "redis://", "rediss://");
  }

  @Test
  void describeMasksUserInfoEvenWithoutAScheme() {
    assertThat(RedisConnector.describe(new IllegalStateException("bad //admin:hunter2@host:6379")))
        .doesNotContain("hunter2");
    assertThat(RedisConnector.describe(new IllegalStateException((String) null))).isEqualTo("IllegalStateException");
  }

  @Test
  void embeddedConfigAndForeignSchemesAreRefusedWithoutEchoingTheValue() {
    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> RedisConnector.connect(vertx, new FleetConfig.Redis(Optional.empty(), "fleet:")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis.url");
      assertThatThrownBy(() -> RedisConnector.connect(vertx, "http://:s3cret@host"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redis://")
          .message().doesNotContain("s3cret");
    } finally {
      vertx.close();
    }
  }
}
