package io.fleetpoller.sim;

import io.fleetpoller.config.PricingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link FleetSimulator} behaves. Durations are simulated time (the simulator's clock).
 *
 * @param port 0 picks a free port
 * @param sleepAfter how long a parked, idle, online car stays awake before it sleeps
 * @param refreshGrace how long a rotated refresh token is still accepted after its first use
 *     (Tesla's grace window is disputed, FACTS.md: the default 0 means none)
 * @param keepOldAccess whether a refresh leaves the account's earlier access tokens valid (Tesla
 *     revokes them, vehicle-command#160, so the default is false)
 * @param rateLimitPerMinute data calls (vehicle_data + wake_up) per vehicle per trailing simulated
 *     minute before 429
 */
public record SimulatorOptions(
    String host,
    int port,
    int vehicles,
    int accounts,
    long seed,
    Duration sleepAfter,
    Duration tokenTtl,
    Duration refreshGrace,
    boolean keepOldAccess,
    int rateLimitPerMinute,
    String clientId,
    String clientSecret,
    String redirectUri,
    List<String> grantedScopes,
    PricingConfig pricing) {

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sleepAfter, "sleepAfter");
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    Objects.requireNonNull(refreshGrace, "refreshGrace");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(pricing, "pricing");
    grantedScopes = List.copyOf(grantedScopes);
    if (host.isBlank()) {
      throw new IllegalArgumentException("simulator host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("simulator port must be 0..65535, got " + port);
    }
    if (vehicles < 0 || vehicles > 100_000) {
      throw new IllegalArgumentException("simulator vehicles must be 0..100000, got " + vehicles);
    }
    if (accounts < 1 || accounts > 10_000) {
      throw new IllegalArgumentException("simulator accounts must be 1..10000, got " + accounts);
    }
    if (sleepAfter.isNegative() || sleepAfter.isZero()) {
      throw new IllegalArgumentException("simulator sleepAfter must be positive, got " + sleepAfter);
    }
    if (tokenTtl.getSeconds() < 1) {
      throw new IllegalArgumentException("simulator tokenTtl must be at least 1s, got " + tokenTtl);
    }
    if (refreshGrace.isNegative()) {
      throw new IllegalArgumentException("simulator refreshGrace must not be negative, got " + refreshGrace);
    }
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException(
          "simulator rateLimitPerMinute must be at least 1, got " + rateLimitPerMinute);
    }
    if (clientId.isBlank() || clientSecret.isBlank()) {
      throw new IllegalArgumentException("simulator clientId and clientSecret must not be blank");
    }
    if (redirectUri.isBlank()) {
      throw new IllegalArgumentException("simulator redirectUri must not be blank");
    }
  }

  public static SimulatorOptions defaults() {
    return new SimulatorOptions(
        "127.0.0.1",
        0,
        5,
        1,
        42L,
        Duration.ofMinutes(15),
        Duration.ofHours(8),
        Duration.ZERO,
        false,
        60,
        "sim-client-id",
        "sim-client-secret",
        "http://localhost:8080/auth/callback",
        List.of("openid", "offline_access", "vehicle_device_data", "vehicle_location"),
        PricingConfig.teslaDefaults());
  }

  public SimulatorOptions withHost(String host) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withPort(int port) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withVehicles(int vehicles) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withAccounts(int accounts) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withSeed(long seed) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withSleepAfter(Duration sleepAfter) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withTokenTtl(Duration tokenTtl) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withRefreshGrace(Duration refreshGrace) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withKeepOldAccess(boolean keepOldAccess) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withRateLimitPerMinute(int rateLimitPerMinute) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withClient(String clientId, String clientSecret) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withRedirectUri(String redirectUri) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withGrantedScopes(List<String> grantedScopes) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  public SimulatorOptions withPricing(PricingConfig pricing) {
    return new SimulatorOptions(host, port, vehicles, accounts, seed, sleepAfter, tokenTtl, refreshGrace,
        keepOldAccess, rateLimitPerMinute, clientId, clientSecret, redirectUri, grantedScopes, pricing);
  }

  /** Redacts the client secret. */
  @Override
  public String toString() {
    return "SimulatorOptions[host=" + host + ", port=" + port + ", vehicles=" + vehicles
        + ", accounts=" + accounts + ", seed=" + seed + ", sleepAfter=" + sleepAfter
        + ", tokenTtl=" + tokenTtl + ", refreshGrace=" + refreshGrace + ", keepOldAccess="
        + keepOldAccess + ", rateLimitPerMinute=" + rateLimitPerMinute + ", clientId=" + clientId
        + ", clientSecret=<redacted>, redirectUri=" + redirectUri + ", grantedScopes=" + grantedScopes
        + ", pricing=" + pricing + "]";
  }
}
