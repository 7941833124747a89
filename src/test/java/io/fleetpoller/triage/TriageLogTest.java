package io.fleetpoller.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Both triage logs: newest first, filters, the cap; Redis down fails clearly and works again. */
@ExtendWith(RedisServerExtension.class)
class TriageLogTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static JsonObject event(int n, String account, String reason) {
    return new JsonObject().put("type", "triage").put("n", n).put("account", account).put("reason", reason);
  }

  private static void fill(TriageLog log) {
    log.append(event(1, "a", "missing_scope")).await();
    log.append(event(2, "b", "wrong_region")).await();
    log.append(event(3, "a", "rate_limited")).await();
    log.append(event(4, "b", "missing_scope")).await();
  }

  private static List<Integer> numbers(List<JsonObject> events) {
    return events.stream().map(e -> e.getInteger("n")).toList();
  }

  private static void newestFirstAndFiltered(TriageLog log) {
    fill(log);
    assertThat(numbers(log.recent(10, Optional.empty(), Optional.empty()).await())).containsExactly(4, 3, 2, 1);
    assertThat(numbers(log.recent(2, Optional.empty(), Optional.empty()).await())).containsExactly(4, 3);
    assertThat(numbers(log.recent(10, Optional.of("a"), Optional.empty()).await())).containsExactly(3, 1);
    assertThat(numbers(log.recent(10, Optional.empty(), Optional.of("missing_scope")).await())).containsExactly(4, 1);
    assertThat(numbers(log.recent(10, Optional.of("b"), Optional.of("missing_scope")).await())).containsExactly(4);
  }

  @Test
  void inMemoryShowsNewestFirstFilteredAndKeepsOnlyItsCapacity() {
    newestFirstAndFiltered(new InMemoryTriageLog(100));
    TriageLog small = new InMemoryTriageLog(2);
    fill(small);
    assertThat(numbers(small.recent(10, Optional.empty(), Optional.empty()).await())).containsExactly(4, 3);
  }

  @Test
  void theRedisStreamShowsNewestFirstFilteredAndIsCapped(RedisServerProcess redis) {
    var api = RedisConnector.connect(vertx, redis.url()).api();
    newestFirstAndFiltered(RedisTriageLog.create(api, "t:", 1_000));
    assertThat(api.xlen("t:triage").await().toInteger()).isEqualTo(4);

    TriageLog capped = RedisTriageLog.create(api, "c:", 5);
    for (int i = 0; i < 500; i++) {
      capped.append(event(i, "a", "rate_limited")).await();
    }
    // MAXLEN ~ trims whole macro nodes: about the cap, never the whole history.
    assertThat(api.xlen("c:triage").await().toInteger()).isLessThan(200);
    assertThat(numbers(capped.recent(1, Optional.empty(), Optional.empty()).await())).containsExactly(499);
  }

  @Test
  void redisDownFailsWithAClearMessageAndTheLogWorksAgainAfter(RedisServerProcess redis) {
    TriageLog log = RedisTriageLog.create(RedisConnector.connect(vertx, redis.url()).api(), "t:", 100);
    redis.kill();
    Throwable failure = catchThrowable(() -> log.append(event(1, "a", "missing_scope")).await());
    assertThat(failure).isNotNull().hasMessageContaining("triage log unavailable (Redis)");
    redis.restart();
    log.append(event(2, "a", "missing_scope")).await();
    assertThat(numbers(log.recent(10, Optional.empty(), Optional.empty()).await())).containsExactly(2);
  }
}
