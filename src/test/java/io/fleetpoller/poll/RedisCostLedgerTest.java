package io.fleetpoller.poll;

import static io.fleetpoller.testing.Await.failure;
import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisCostLedgerTest extends CostLedgerContract {

  static final String PREFIX = "fleet:";
  static final String MARCH_KEY = "fleet:ledger:2026-03";

  static Vertx vertx;
  static Vertx otherVertx;

  RedisServerProcess redis;
  RedisConnector connector;
  RedisConnector otherConnector;
  RedisCostLedger ledger;

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
    ledger = RedisCostLedger.create(connector.api(), PREFIX);
  }

  @AfterEach
  void disconnect() {
    result(connector.close());
    result(otherConnector.close());
  }

  @Override
  CostLedger ledger() {
    return ledger;
  }

  @Test
  void oneCallWritesExactlyTheDocumentedFieldsOfTheMonthsHash() {
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));
    result(ledger.record("acct-1", null, ApiCallKind.LIST, 1_000, MARCH));

    assertThat(rawHash(MARCH_KEY)).containsOnly(
        Map.entry("total:usd_micro", "3000"),
        Map.entry("total:calls", "2"),
        Map.entry("account:acct-1:usd_micro", "3000"),
        Map.entry("account:acct-1:calls", "2"),
        Map.entry("vehicle:VIN1:usd_micro", "2000"),
        Map.entry("vehicle:VIN1:calls", "1"),
        Map.entry("kind:vehicle_data:usd_micro", "2000"),
        Map.entry("kind:vehicle_data:calls", "1"),
        Map.entry("kind:list:usd_micro", "1000"),
        Map.entry("kind:list:calls", "1"));
  }

  @Test
  void aMonthsHashExpiresAboutFourHundredDaysAfterItsLastWrite() {
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    long ttl = result(connector.api().ttl(MARCH_KEY)).toLong();

    assertThat(ttl).isBetween(Duration.ofDays(400).toSeconds() - 60, Duration.ofDays(400).toSeconds());
  }

  @Test
  void twoInstancesRecordingAtOnceSumExactly() {
    RedisCostLedger other = RedisCostLedger.create(otherConnector.api(), PREFIX);
    List<Future<Void>> records = new ArrayList<>();
    long expectedMicroUsd = 0;
    for (int i = 0; i < 200; i++) {
      records.add(ledger.record("acct-1", "VIN" + (i % 3), ApiCallKind.VEHICLE_DATA, 1_000 + i, MARCH));
      records.add(other.record("acct-2", "VIN" + (i % 3), ApiCallKind.WAKE_UP, 20_000 + i, MARCH));
      expectedMicroUsd += 1_000 + i + 20_000 + i;
    }
    result(Future.all(records));

    LedgerMonth month = result(other.month(MARCH_2026));

    assertThat(month.totalCalls()).isEqualTo(400);
    assertThat(month.totalMicroUsd()).isEqualTo(expectedMicroUsd);
    assertThat(month.callsByKind()).isEqualTo(Map.of("vehicle_data", 200L, "wake_up", 200L));
    assertThat(month.callsByVehicle().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    assertThat(month.microUsdByVehicle().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expectedMicroUsd);
    assertThat(month.microUsdByAccount().get("acct-1") + month.microUsdByAccount().get("acct-2"))
        .isEqualTo(expectedMicroUsd);
  }

  @Test
  void anUnparsableFieldIsSkippedAndTheRestOfTheMonthStillReads() {
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));
    result(connector.api().hset(List.of(MARCH_KEY, "vehicle:VIN2:usd_micro", "lots", "total:calls", "1.5")));

    LedgerMonth month = result(ledger.month(MARCH_2026));

    assertThat(month.totalMicroUsd()).isEqualTo(2_000);
    assertThat(month.totalCalls()).isZero();
    assertThat(month.microUsdByVehicle()).isEqualTo(Map.of("VIN1", 2_000L));
  }

  @Test
  void aDamagedFieldFailsTheRecordNamingItAndNothingIsHalfWritten() {
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));
    result(connector.api().hset(List.of(MARCH_KEY, "kind:vehicle_data:calls", "one")));
    Map<String, String> before = rawHash(MARCH_KEY);

    Throwable refused = failure(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    assertThat(refused).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kind:vehicle_data:calls").hasMessageContaining(MARCH_KEY);
    assertThat(rawHash(MARCH_KEY)).isEqualTo(before);
    // Another month, or fields that are whole numbers, still record.
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, Instant.parse("2026-04-02T00:00:00Z")));
  }

  @Test
  void idsContainingColonsReadBack() {
    result(ledger.record("org:acct:1", "fleet:VIN:1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    LedgerMonth month = result(ledger.month(MARCH_2026));

    assertThat(month.microUsdByAccount()).isEqualTo(Map.of("org:acct:1", 2_000L));
    assertThat(month.callsOf("fleet:VIN:1")).isEqualTo(1);
  }

  @Test
  void thePrefixSeparatesLedgers() {
    RedisCostLedger staging = RedisCostLedger.create(connector.api(), "staging:");
    result(staging.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    assertThat(result(connector.api().exists(List.of("staging:ledger:2026-03"))).toLong()).isEqualTo(1);
    assertThat(result(ledger.month(MARCH_2026)).totalCalls()).isZero();
  }

  @Test
  void redisKilledFailsPromptlyWithAClearMessageThenTheSameLedgerWorksAfterRestart() {
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));

    redis.kill();

    Duration prompt = RedisConnector.COMMAND_TIMEOUT.plusSeconds(2);
    for (Throwable down : List.of(
        failure(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH), prompt),
        failure(ledger.month(MARCH_2026), prompt))) {
      assertThat(down).isInstanceOf(IllegalStateException.class);
      assertThat(down.getMessage()).startsWith("cost ledger unavailable (Redis): ")
          .doesNotContain("redis://", redis.url());
    }

    redis.restart();

    assertThat(result(ledger.month(MARCH_2026)).totalCalls()).isEqualTo(1);
    result(ledger.record("acct-1", "VIN1", ApiCallKind.VEHICLE_DATA, 2_000, MARCH));
    assertThat(result(ledger.month(MARCH_2026)).microUsdOf("VIN1")).isEqualTo(4_000);
  }

  @Test
  void parsingIgnoresFieldsOfOtherShapesAndReportsBadValuesWithoutTheValue() {
    Map<String, String> hash = new HashMap<>();
    hash.put("total:usd_micro", "5");
    hash.put("total:calls", "x-secretish-value");
    hash.put("account:acct-1:calls", "3");       // kept in Redis, not part of LedgerMonth
    hash.put("kind:wake_up:usd_micro", "3");     // same
    hash.put("vehicle::calls", "3");             // no id
    hash.put("something-else", "3");
    hash.put("kind:wake_up:calls", "2");
    List<String> skipped = new ArrayList<>();

    LedgerMonth month = RedisCostLedger.parse(MARCH_2026, hash, (field, problem) -> skipped.add(field + " " + problem));

    assertThat(month).isEqualTo(new LedgerMonth(MARCH_2026, 5, 0, Map.of(), Map.of(), Map.of(),
        Map.of("wake_up", 2L)));
    assertThat(skipped).containsExactly("total:calls value is not a whole number");
  }

  private Map<String, String> rawHash(String key) {
    return io.fleetpoller.coord.RedisReplies.hash(result(otherConnector.api().hgetall(key)));
  }
}
