package io.fleetpoller.http;

import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fleetpoller.auth.AccountState;
import io.fleetpoller.auth.AccountStatus;
import io.fleetpoller.clock.ManualClock;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.poll.VehicleRegistry;
import io.fleetpoller.telemetry.MetricsRuntime;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health/live and /health/ready of the daemon's web API, against a real redis-server. */
@ExtendWith(RedisServerExtension.class)
class DaemonReadinessTest {

  private static final Instant NOW = Instant.parse("2026-03-02T07:00:00Z");

  static Vertx vertx;
  static WebClient http;
  final ManualClock clock = new ManualClock(NOW);
  final List<AccountStatus> accounts = new CopyOnWriteArrayList<>();
  final AtomicBoolean pollerReady = new AtomicBoolean(true);
  RedisConnector redis;
  String deployment;
  DaemonHttpServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stopVertx() {
    result(vertx.close());
  }

  @BeforeEach
  void startServer(RedisServerProcess redisServer) {
    redis = RedisConnector.connect(vertx, redisServer.url());
    accounts.add(account("acct-1", AccountState.ACTIVE, Optional.of(NOW.plus(Duration.ofHours(8)))));
    deployment = deploy(redis);
  }

  @AfterEach
  void stopServer() {
    result(vertx.undeploy(deployment));
    result(redis.close());
  }

  @Test
  void readyIsUpWithEveryCheckNamedWhenAllIsWell() {
    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject body = ready.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(statusById(body)).isEqualTo(new JsonObject()
        .put(DaemonReadiness.REDIS, "UP").put(DaemonReadiness.TOKENS, "UP").put(DaemonReadiness.POLLER, "UP"));
  }

  @Test
  void readyIs503WithTheRedisCheckDownWhileRedisIsDown(RedisServerProcess redisServer) {
    assumeFalse(redisServer.isExternal(), "cannot kill an external Redis");
    redisServer.kill();

    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject body = ready.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(statusById(body).getString(DaemonReadiness.REDIS)).isEqualTo("DOWN");
    assertThat(statusById(body).getString(DaemonReadiness.POLLER)).isEqualTo("UP");
    assertThat(check(body, DaemonReadiness.REDIS).getJsonObject("data").getString("error")).isNotBlank();
  }

  @Test
  void readyIs503WithTheTokensCheckDownWhileNoAccountHasAUsableToken() {
    accounts.clear();
    accounts.add(account("acct-1", AccountState.NEEDS_CONSENT, Optional.of(NOW.plus(Duration.ofHours(1)))));
    accounts.add(account("acct-2", AccountState.REFRESH_FAILING, Optional.of(NOW.minusSeconds(1))));

    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject tokens = check(ready.bodyAsJsonObject(), DaemonReadiness.TOKENS);
    assertThat(tokens.getString("status")).isEqualTo("DOWN");
    assertThat(tokens.getJsonObject("data").getInteger("usable")).isZero();
    assertThat(tokens.getJsonObject("data").getJsonObject("not_usable"))
        .isEqualTo(new JsonObject().put("acct-1", "needs_consent").put("acct-2", "refresh_failing"));
    assertThat(statusById(ready.bodyAsJsonObject()).getString(DaemonReadiness.REDIS)).isEqualTo("UP");
  }

  @Test
  void readyIs503WithTheTokensCheckDownWhileNoAccountIsStored() {
    accounts.clear();

    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(check(ready.bodyAsJsonObject(), DaemonReadiness.TOKENS).getJsonObject("data").getString("reason"))
        .contains("no account is stored");
  }

  @Test
  void readyIs503WithThePollerCheckDownUntilItsFirstListCycleIsDone() {
    pollerReady.set(false);

    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(statusById(ready.bodyAsJsonObject()).getString(DaemonReadiness.POLLER)).isEqualTo("DOWN");

    pollerReady.set(true);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void embeddedModeHasNoRedisCheck() {
    result(vertx.undeploy(deployment));
    deployment = deploy(null);

    HttpResponse<Buffer> ready = get("/health/ready");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(statusById(ready.bodyAsJsonObject()).fieldNames())
        .containsExactlyInAnyOrder(DaemonReadiness.TOKENS, DaemonReadiness.POLLER);
  }

  @Test
  void aRedisPasswordNeverAppearsInTheBody() {
    // Port 1 refuses connections: the check fails with the client's own message about this URL.
    RedisConnector unreachable = RedisConnector.connect(vertx, "redis://:hunter2-redis-password@127.0.0.1:1");
    try {
      result(vertx.undeploy(deployment));
      deployment = deploy(unreachable);

      HttpResponse<Buffer> ready = get("/health/ready");

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(statusById(ready.bodyAsJsonObject()).getString(DaemonReadiness.REDIS)).isEqualTo("DOWN");
      assertThat(ready.bodyAsString()).doesNotContain("hunter2");
    } finally {
      result(unreachable.close());
    }
  }

  @Test
  void liveIsUpWhileTheEventLoopAnswers() {
    pollerReady.set(false);
    accounts.clear();

    HttpResponse<Buffer> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void anAccountIsUsableWhenActiveOrWhenItsAccessTokenOutlivesFailingRefreshes() {
    Optional<Instant> later = Optional.of(NOW.plusSeconds(60));
    Optional<Instant> earlier = Optional.of(NOW.minusSeconds(60));
    record Row(AccountState state, Optional<Instant> expiresAt, boolean usable) {}
    List<Row> table = List.of(
        new Row(AccountState.ACTIVE, later, true),
        new Row(AccountState.ACTIVE, earlier, true), // the next call refreshes it
        new Row(AccountState.ACTIVE, Optional.empty(), true),
        new Row(AccountState.REFRESH_FAILING, later, true),
        new Row(AccountState.REFRESH_FAILING, Optional.of(NOW), false),
        new Row(AccountState.REFRESH_FAILING, earlier, false),
        new Row(AccountState.REFRESH_FAILING, Optional.empty(), false),
        new Row(AccountState.NEEDS_CONSENT, later, false));
    for (Row row : table) {
      assertThat(DaemonReadiness.usable(account("a", row.state(), row.expiresAt()), NOW)).as("%s", row)
          .isEqualTo(row.usable());
    }
  }

  private String deploy(RedisConnector connector) {
    Optional<Supplier<Future<Void>>> ping = Optional.ofNullable(connector).map(c -> c::ping);
    var readiness = DaemonReadiness.create(vertx, ping, () -> Future.succeededFuture(List.copyOf(accounts)),
        clock, pollerReady::get);
    server = new DaemonHttpServer("127.0.0.1", 0, MetricsRuntime.newRegistry(), new VehicleRegistry(), readiness,
        router -> { });
    return result(vertx.deployVerticle(server));
  }

  private HttpResponse<Buffer> get(String path) {
    return result(http.get(server.actualPort(), "127.0.0.1", path).send());
  }

  private static AccountStatus account(String id, AccountState state, Optional<Instant> expiresAt) {
    return new AccountStatus(id, state, Optional.empty(), expiresAt, List.of("vehicle_device_data"),
        Optional.of("na"), NOW.minus(Duration.ofHours(1)), 1);
  }

  private static JsonObject statusById(JsonObject body) {
    JsonObject out = new JsonObject();
    JsonArray checks = body.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      out.put(checks.getJsonObject(i).getString("id"), checks.getJsonObject(i).getString("status"));
    }
    return out;
  }

  private static JsonObject check(JsonObject body, String id) {
    JsonArray checks = body.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i);
      }
    }
    throw new AssertionError("no check " + id + " in " + body.encode());
  }
}
