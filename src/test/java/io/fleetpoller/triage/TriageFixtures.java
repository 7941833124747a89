package io.fleetpoller.triage;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Realistic inputs for triage tests: Tesla's error samples, a config, token claims. */
final class TriageFixtures {

  static final String ACCOUNT = "acct-1";
  static final String VIN = "5YJ3E1EA7KF000001";
  static final Instant AT = Instant.parse("2025-03-10T12:00:00Z");
  static final String NA = "https://fleet-api.prd.na.vn.cloud.tesla.com";
  static final String EU = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  static final String REDIRECT = "https://poller.example.com/auth/callback";
  static final List<String> POLLER_SCOPES = List.of("openid", "offline_access", "vehicle_device_data", "vehicle_location");

  static final FleetConfig.Tesla TESLA = new FleetConfig.Tesla(Optional.of("0000-client-id"),
      Optional.of("client-secret-value"), REDIRECT, POLLER_SCOPES, "https://auth.tesla.com/oauth2/v3/authorize",
      "https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token", NA, Duration.ofSeconds(10), 1_000_000L);

  /** {@code ../shared/fleet-api/samples/errors.json}, copied verbatim to the test classpath. */
  static final JsonObject SAMPLES = new JsonObject(resource("/fleetapi/errors.json"));

  private TriageFixtures() {}

  /** A token valid for NA until 4 h after {@link #AT}, granting {@code scopes}. */
  static AccessTokenClaims claims(List<String> scopes) {
    return new AccessTokenClaims(Optional.of(AT.plus(Duration.ofHours(4))), Optional.of(AT.minus(Duration.ofHours(4))),
        scopes, List.of(NA), Optional.of("NA"), Optional.of("user-1"));
  }

  static AccessTokenClaims claims(List<String> scopes, Instant expiresAt, List<String> audiences) {
    return new AccessTokenClaims(Optional.of(expiresAt), Optional.of(expiresAt.minus(Duration.ofHours(8))),
        scopes, audiences, Optional.of("NA"), Optional.of("user-1"));
  }

  /** The failure of a {@code kind} request answered with the named sample; status from the name. */
  static FailureContext sample(String name, RequestKind kind) {
    JsonObject body = SAMPLES.getJsonObject(name);
    if (body == null) {
      throw new IllegalArgumentException("no sample " + name);
    }
    int status = Integer.parseInt(name.substring(0, 3));
    String txid = body.getString("txid", body.getString("referenceID"));
    return answer(kind, status, body.getString("error"), body.getString("error_description"), txid);
  }

  /** The failure of a {@code kind} request answered with {@code status} and this error body. */
  static FailureContext answer(RequestKind kind, int status, String error, String description) {
    return answer(kind, status, error, description, null);
  }

  static FailureContext answer(RequestKind kind, int status, String error, String description, String txid) {
    FleetApiException e = FleetApiException.httpStatus(apiCallKind(kind), status, error, description, txid, null, Map.of());
    FailureContext context = FailureContext.of(e, kind, ACCOUNT, AT).withTesla(TESLA);
    return switch (kind) {
      case VEHICLE, VEHICLE_DATA, WAKE_UP, COMMAND -> context.withVehicle(VIN);
      default -> context;
    };
  }

  static ApiCallKind apiCallKind(RequestKind kind) {
    return switch (kind) {
      case LIST -> ApiCallKind.LIST;
      case VEHICLE -> ApiCallKind.VEHICLE;
      case VEHICLE_DATA -> ApiCallKind.VEHICLE_DATA;
      case WAKE_UP -> ApiCallKind.WAKE_UP;
      case REGION -> ApiCallKind.REGION;
      case COMMAND -> ApiCallKind.COMMAND;
      case AUTHORIZE_CALLBACK, CODE_EXCHANGE, REFRESH, CLIENT_CREDENTIALS -> ApiCallKind.TOKEN;
    };
  }

  /** A JWT shaped like Tesla's access tokens (unsigned: only its shape matters here). */
  static String jwt() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"sub\":\"user-1\",\"scp\":[\"vehicle_device_data\"],\"aud\":[\"" + NA
        + "\"],\"exp\":1741622400}").getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
  }

  /** A refresh token shaped like Tesla's ({@code NA_} + hex). */
  static String refreshToken() {
    return "NA_4f0c3b2a19e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2";
  }

  private static String resource(String name) {
    try (InputStream in = TriageFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
