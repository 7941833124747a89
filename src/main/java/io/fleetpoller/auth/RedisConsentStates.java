package io.fleetpoller.auth;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.coord.RedisConnector;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * {@link ConsentStates} shared by instances, so the browser may come back to any of them: a hash
 * {@code {prefix}consent:{sha256(state)}} holding the account, the redirect URI and the expiry in
 * clear, the PKCE verifier sealed with {@link TokenCipher} (field {@code code_verifier}, bound to
 * the account) and a {@code used} flag. The raw state never reaches Redis: only its SHA-256 is in
 * the key, so someone reading Redis cannot forge a callback.
 *
 * <p>The key lives until a day past the consent's expiry (Redis {@code PX}), so a late callback is
 * told {@code EXPIRED} rather than {@code UNKNOWN}; expiry itself is judged with the
 * {@link FleetClock}, whose "now" is passed to the take script. {@link #take} is one Lua script that
 * reads and marks the entry used, so two instances racing on one callback cannot both get
 * {@code FOUND}; it also deletes the verifier, which is needed only once. The client is not owned.
 */
public final class RedisConsentStates implements ConsentStates {

  static final String CODE_VERIFIER = "code_verifier";
  private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

  /** KEYS[1]; ARGV: account, redirect uri, expires_at ms, sealed verifier, PX. 0 if it exists. */
  private static final String REMEMBER = """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'account', ARGV[1], 'redirect_uri', ARGV[2],
        'expires_at', ARGV[3], 'code_verifier', ARGV[4], 'used', '0')
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1
      """;

  /**
   * KEYS[1]; ARGV[1] now in epoch ms. Replies {'unknown'}, {'replayed'}, {'expired'} or
   * {'found', account, redirect uri, expires_at, sealed verifier}; only 'found' changes anything.
   */
  private static final String TAKE = """
      local f = redis.call('HMGET', KEYS[1], 'account', 'redirect_uri', 'expires_at', 'code_verifier', 'used')
      if not f[1] then return {'unknown'} end
      if f[5] == '1' then return {'replayed'} end
      if tonumber(f[3]) <= tonumber(ARGV[1]) then return {'expired'} end
      redis.call('HSET', KEYS[1], 'used', '1')
      redis.call('HDEL', KEYS[1], 'code_verifier', 'redirect_uri')
      return {'found', f[1], f[2], f[3], f[4]}
      """;

  private final RedisAPI redis;
  private final String keyPrefix;
  private final TokenCipher cipher;
  private final FleetClock clock;

  /** Consents on {@code redis} (not owned) under {@code keyPrefix}, verifiers sealed by {@code cipher}. */
  public RedisConsentStates(RedisAPI redis, String keyPrefix, TokenCipher cipher, FleetClock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Void> remember(PendingConsent consent) {
    Objects.requireNonNull(consent, "consent");
    Duration untilForgotten = Duration.between(clock.now(), consent.expiresAt());
    if (untilForgotten.isNegative()) {
      untilForgotten = Duration.ZERO;
    }
    long px = clock.realMillis(untilForgotten.plus(KEPT_AFTER_EXPIRY));
    List<String> args = List.of(REMEMBER, "1", key(consent.state()),
        consent.account(),
        consent.redirectUri(),
        Long.toString(consent.expiresAt().toEpochMilli()),
        cipher.encrypt(consent.codeVerifier(), consent.account(), CODE_VERIFIER),
        Long.toString(px));
    return redis.eval(args)
        .recover(failure -> Future.failedFuture(unavailable(failure)))
        .compose(reply -> reply.toLong() == 1L
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("consent state for account " + consent.account()
                + " was already issued; states are single use")));
  }

  @Override
  public Future<ConsentLookup> take(String state) {
    Objects.requireNonNull(state, "state");
    String now = Long.toString(clock.now().toEpochMilli());
    return redis.eval(List.of(TAKE, "1", key(state), now))
        .recover(failure -> Future.failedFuture(unavailable(failure)))
        .map(reply -> lookup(state, reply));
  }

  private ConsentLookup lookup(String state, Response reply) {
    String outcome = reply.get(0).toString();
    switch (outcome) {
      case "unknown":
        return ConsentLookup.of(ConsentLookup.Outcome.UNKNOWN);
      case "replayed":
        return ConsentLookup.of(ConsentLookup.Outcome.REPLAYED);
      case "expired":
        return ConsentLookup.of(ConsentLookup.Outcome.EXPIRED);
      case "found":
        String account = reply.get(1).toString();
        String verifier = cipher.decrypt(reply.get(4).toString(), account, CODE_VERIFIER);
        return ConsentLookup.found(new PendingConsent(state, account, verifier, reply.get(2).toString(),
            Instant.ofEpochMilli(Long.parseLong(reply.get(3).toString()))));
      default:
        throw new IllegalStateException("unexpected reply from the consent take script: " + outcome);
    }
  }

  /** The key of a state: its SHA-256, so the state itself is never stored. */
  String key(String state) {
    return keyPrefix + "consent:" + sha256Hex(state);
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
    }
  }

  private static Throwable unavailable(Throwable failure) {
    return new IllegalStateException("consent states unavailable (Redis): " + RedisConnector.describe(failure));
  }

  @Override
  public String toString() {
    return "RedisConsentStates[prefix=" + keyPrefix + "]";
  }
}
