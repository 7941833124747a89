package io.fleetpoller.poll;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(RedisServerExtension.class)
class RedisSharedSnapshotsTest extends SharedSnapshotsContract {

  static final String PREFIX = "fleet:";
  static final String VIN = "5YJ3E1EA7KF000001";
  static final String KEY = "fleet:vehicle:" + VIN;

  static Vertx vertx;
  static Vertx otherVertx;

  RedisServerProcess redis;
  RedisConnector connector;
  RedisConnector otherConnector;
  RedisSharedSnapshots snapshots;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    result(vertx.close());
    result(otherVertx.close());
  }

  @BeforeEach
  void connect(RedisServerProcess redis) {
    this.redis = redis;
    connector = RedisConnector.connect(vertx, redis.url());
    otherConnector = RedisConnector.connect(otherVertx, redis.url());
    snapshots = RedisSharedSnapshots.create(connector.api(), PREFIX);
    log.start();
    logger().addAppender(log);
  }

  @AfterEach
  void disconnect() {
    logger().detachAppender(log);
    result(connector.close());
    result(otherConnector.close());
  }

  @Override
  SharedSnapshots snapshots() {
    return snapshots;
  }

  @Test
  void theSnapshotIsStoredAsJsonUnderTheVehicleKeyForThirtyDays() {
    StoredSnapshot snapshot = at(T0);
    result(snapshots.put(snapshot));

    String raw = result(otherConnector.api().get(KEY)).toString();
    long ttl = result(otherConnector.api().ttl(KEY)).toLong();

    assertThat(new JsonObject(raw)).isEqualTo(snapshot.toJson());
    assertThat(ttl).isBetween(2_592_000L - 60, 2_592_000L);
  }

  @Test
  void racingInstancesLeaveTheNewestSnapshotWhateverTheOrderOfArrival() {
    RedisSharedSnapshots other = RedisSharedSnapshots.create(otherConnector.api(), PREFIX);
    List<Integer> seconds = IntStream.range(0, 100).boxed().collect(Collectors.toCollection(ArrayList::new));
    Collections.shuffle(seconds, new Random(42));

    List<Future<Void>> puts = new ArrayList<>();
    for (int i = 0; i < seconds.size(); i++) {
      puts.add((i % 2 == 0 ? snapshots : other).put(at(T0.plusSeconds(seconds.get(i)))));
    }
    result(Future.all(puts));

    assertThat(result(other.get(VIN)).orElseThrow().at()).isEqualTo(T0.plusSeconds(99));
  }

  @Test
  void anUnreadableStoredValueReadsAsEmptyWithAWarning() {
    List<String> bad = List.of(
        "not json",
        "[1, 2]",
        "{\"at\": 1}",
        "{\"account\": \"acct-1\", \"vehicle\": \"" + VIN + "\", \"at\": \"noon\", \"data\": {}}",
        at(T0).toJson().put("data", "gone").encode());
    for (String value : bad) {
      log.list.clear();
      result(connector.api().set(List.of(KEY, value)));

      assertThat(result(snapshots.get(VIN))).as(value).isEmpty();
      assertThat(log.list).as(value).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage()).contains(KEY);
      });
    }
  }

  @Test
  void aSnapshotOfAnotherVehicleUnderThisKeyReadsAsEmpty() {
    StoredSnapshot otherCar = new StoredSnapshot("acct-1", "VIN-OTHER", T0, StoredSnapshotTest.sectionsNull());
    result(connector.api().set(List.of(KEY, otherCar.toJson().encode())));

    assertThat(result(snapshots.get(VIN))).isEmpty();
    assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("another vehicle"));
  }

  @Test
  void aKeyOfAnotherTypeReadsAsEmptyAndAPutReplacesIt() {
    result(connector.api().hset(List.of(KEY, "at", "1")));

    assertThat(result(snapshots.get(VIN))).isEmpty();
    assertThat(log.list).anySatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));

    result(snapshots.put(at(T0)));
    assertThat(result(snapshots.get(VIN))).contains(at(T0));
  }

  @Test
  void aPutReplacesAnUnreadableStoredValue() {
    result(connector.api().set(List.of(KEY, "{\"at\": \"far future\"")));

    result(snapshots.put(at(T0)));

    assertThat(result(snapshots.get(VIN))).contains(at(T0));
  }

  @Test
  void redisKilledFailsPromptlyWithAClearMessageThenWorksAfterRestart() {
    result(snapshots.put(at(T0)));

    redis.kill();

    Duration prompt = RedisConnector.COMMAND_TIMEOUT.plusSeconds(2);
    for (Throwable down : List.of(failure(snapshots.get(VIN), prompt), failure(snapshots.put(at(T0.plusSeconds(1))), prompt))) {
      assertThat(down).isInstanceOf(IllegalStateException.class);
      assertThat(down.getMessage()).startsWith("shared snapshots unavailable (Redis): ").doesNotContain("redis://");
    }

    redis.restart();

    assertThat(result(snapshots.get(VIN))).contains(at(T0));
    result(snapshots.put(at(T0.plusSeconds(1))));
    assertThat(result(snapshots.get(VIN))).contains(at(T0.plusSeconds(1)));
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(RedisSharedSnapshots.class);
  }
}
