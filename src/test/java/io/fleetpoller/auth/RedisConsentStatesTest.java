package io.fleetpoller.auth;

import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.auth.ConsentLookup.Outcome;
import io.fleetpoller.coord.RedisConnector;
import io.fleetpoller.testing.RedisServerExtension;
import io.fleetpoller.testing.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisConsentStatesTest extends ConsentStatesContract {

  static final String PREFIX = "fleet:";
  static Vertx vertx;
  static Vertx otherVertx;

  final TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipherTest.KEY);
  RedisConnector connector;
  RedisConnector otherConnector;
  RedisConsentStates states;
  RedisConsentStates otherInstance;

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
    connector = RedisConnector.connect(vertx, redis.url());
    otherConnector = RedisConnector.connect(otherVertx, redis.url());
    states = new RedisConsentStates(connector.api(), PREFIX, cipher, clock);
    otherInstance = new RedisConsentStates(otherConnector.api(), PREFIX, cipher, clock);
  }

  @AfterEach
  void disconnect() {
    result(connector.close());
    result(otherConnector.close());
  }

  @Override
  ConsentStates states() {
    return states;
  }

  @Test
  void twoInstancesRacingOnOneCallbackGetExactlyOneFound() {
    result(states.remember(consent("state-shared", "acct-1")));

    List<Future<ConsentLookup>> takes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      takes.add((i % 2 == 0 ? states : otherInstance).take("state-shared"));
    }
    result(Future.all(takes));

    assertThat(takes.stream().map(f -> f.result().outcome()))
        .containsOnlyOnce(Outcome.FOUND)
        .containsOnly(Outcome.FOUND, Outcome.REPLAYED);
  }

  @Test
  void theOtherInstanceFindsAConsentRememberedHere() {
    PendingConsent consent = consent("state-cross", "acct-1");
    result(states.remember(consent));

    assertThat(result(otherInstance.take("state-cross")).consent()).contains(consent);
  }

  @Test
  void neitherTheRawStateNorTheVerifierIsInRedis() {
    PendingConsent consent = consent("state-SECRET-42", "acct-1");
    result(states.remember(consent));

    List<String> keys = keys();
    assertThat(keys).hasSize(1);
    String key = keys.get(0);
    assertThat(key).startsWith("fleet:consent:").doesNotContain("state-SECRET-42").hasSize(
        "fleet:consent:".length() + 64);
    Map<String, String> raw = io.fleetpoller.coord.RedisReplies.hash(result(otherConnector.api().hgetall(key)));
    assertThat(raw).containsEntry("account", "acct-1")
        .containsEntry("redirect_uri", REDIRECT)
        .containsEntry("expires_at", Long.toString(consent.expiresAt().toEpochMilli()))
        .containsEntry("used", "0");
    assertThat(String.join(" ", raw.values())).doesNotContain(consent.codeVerifier(), "state-SECRET-42");
    assertThat(cipher.decrypt(raw.get("code_verifier"), "acct-1", "code_verifier")).isEqualTo(consent.codeVerifier());

    result(states.take("state-SECRET-42"));
    assertThat(io.fleetpoller.coord.RedisReplies.hash(result(otherConnector.api().hgetall(key))))
        .containsEntry("used", "1").doesNotContainKey("code_verifier");
  }

  @Test
  void theKeyLivesADayPastExpirySoALateCallbackIsToldExpired() {
    result(states.remember(consent("state-ttl", "acct-1")));

    long pttl = result(connector.api().pttl(keys().get(0))).toLong();

    assertThat(pttl).isBetween(Duration.ofDays(1).toMillis(), Duration.ofDays(1).plus(LIFETIME).toMillis());
  }

  @Test
  void redisDownFailsTheTakeWithoutTheUrlAndRestartBringsTheConsentBack(RedisServerProcess redis) {
    PendingConsent consent = consent("state-durable", "acct-1");
    result(states.remember(consent));

    redis.kill();
    Throwable down = io.fleetpoller.testing.Await.failure(
        states.take("state-durable"), RedisConnector.COMMAND_TIMEOUT.plusSeconds(2));
    assertThat(down).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("consent states unavailable (Redis): ")
        .message().doesNotContain(redis.url());

    redis.restart();
    assertThat(result(states.take("state-durable")).consent()).contains(consent);
  }

  private List<String> keys() {
    Response reply = result(connector.api().keys("*"));
    List<String> keys = new ArrayList<>();
    reply.forEach(key -> keys.add(key.toString()));
    return keys;
  }
}
