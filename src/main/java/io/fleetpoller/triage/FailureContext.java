package io.fleetpoller.triage;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link TriageClassifier} needs to explain one failed request: what was asked, what
 * Tesla answered, what the access token claimed and what the config asks for. It holds the token's
 * claims, never the token; {@link #toString()} still blanks anything token-shaped in Tesla's text.
 *
 * @param kind the request that failed
 * @param status the HTTP status; 0 when no answer came
 * @param error Tesla's {@code error} ("" when none); for {@link RequestKind#AUTHORIZE_CALLBACK}
 *     either Tesla's redirect {@code error} or our own state check's name (e.g. {@code state_unknown})
 * @param errorDescription Tesla's {@code error_description} ("" when none)
 * @param txid Tesla's {@code txid} or {@code referenceID}; null when none
 * @param retryAfter from {@code Retry-After}, when known
 * @param account the account whose token was used; null for partner (client credentials) calls
 * @param vehicle the vehicle (VIN or id) the call was about; null when none
 * @param endpoints the vehicle_data {@code endpoints} asked for; empty for other calls
 * @param claims the access token's claims, when it was a readable JWT
 * @param configuredScopes {@code tesla.scopes}
 * @param baseUrl the Fleet API base URL the call went to
 * @param redirectUri {@code tesla.redirectUri}
 * @param lastGoodRefresh when the account's last refresh succeeded, when known
 * @param at when the failure happened (from the caller's clock)
 */
public record FailureContext(
    RequestKind kind,
    int status,
    String error,
    String errorDescription,
    String txid,
    Optional<Duration> retryAfter,
    String account,
    String vehicle,
    Set<VehicleDataEndpoint> endpoints,
    Optional<AccessTokenClaims> claims,
    List<String> configuredScopes,
    String baseUrl,
    String redirectUri,
    Optional<Instant> lastGoodRefresh,
    Instant at) {

  public FailureContext {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    error = error == null ? "" : error;
    errorDescription = errorDescription == null ? "" : errorDescription;
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    endpoints = endpoints == null || endpoints.isEmpty()
        ? Set.of()
        : java.util.Collections.unmodifiableSet(EnumSet.copyOf(endpoints));
    claims = claims == null ? Optional.empty() : claims;
    configuredScopes = configuredScopes == null ? List.of() : List.copyOf(configuredScopes);
    lastGoodRefresh = lastGoodRefresh == null ? Optional.empty() : lastGoodRefresh;
  }

  /** A failure with only what every caller knows; add the rest with the {@code with...} methods. */
  public static FailureContext of(RequestKind kind, int status, String error, String errorDescription,
      String account, Instant at) {
    return new FailureContext(kind, status, error, errorDescription, null, Optional.empty(), account, null,
        Set.of(), Optional.empty(), List.of(), null, null, Optional.empty(), at);
  }

  /** Copies the exception's status, {@code error}, {@code error_description}, txid and Retry-After. */
  public static FailureContext of(FleetApiException e, RequestKind kind, String account, Instant at) {
    return of(kind, e.status(), e.error(), e.errorDescription(), account, at)
        .withTxid(e.txid())
        .withRetryAfter(e.retryAfter().orElse(null));
  }

  /** As {@link #of(FleetApiException, RequestKind, String, Instant)} with the kind from {@link RequestKind#of}. */
  public static FailureContext of(FleetApiException e, String account, Instant at) {
    return of(e, RequestKind.of(e.kind()), account, at);
  }

  public FailureContext withKind(RequestKind changed) {
    return new FailureContext(changed, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withTxid(String changed) {
    return new FailureContext(kind, status, error, errorDescription, changed, retryAfter, account, vehicle,
        endpoints, claims, configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  /** @param changed null for none */
  public FailureContext withRetryAfter(Duration changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, Optional.ofNullable(changed), account,
        vehicle, endpoints, claims, configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withVehicle(String changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, changed,
        endpoints, claims, configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withEndpoints(Set<VehicleDataEndpoint> changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        changed, claims, configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  /** @param changed null for none (an opaque or missing token) */
  public FailureContext withClaims(AccessTokenClaims changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, Optional.ofNullable(changed), configuredScopes, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withConfiguredScopes(List<String> changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, changed, baseUrl, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withBaseUrl(String changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, configuredScopes, changed, redirectUri, lastGoodRefresh, at);
  }

  public FailureContext withRedirectUri(String changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, configuredScopes, baseUrl, changed, lastGoodRefresh, at);
  }

  /** The config's scopes, base URL and redirect URI at once. */
  public FailureContext withTesla(FleetConfig.Tesla tesla) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, tesla.scopes(), tesla.apiBaseUrl(), tesla.redirectUri(), lastGoodRefresh, at);
  }

  /** @param changed null for unknown */
  public FailureContext withLastGoodRefresh(Instant changed) {
    return new FailureContext(kind, status, error, errorDescription, txid, retryAfter, account, vehicle,
        endpoints, claims, configuredScopes, baseUrl, redirectUri, Optional.ofNullable(changed), at);
  }

  /** No token: claims are summarised, Tesla's text is passed through {@link TokenRedaction}. */
  @Override
  public String toString() {
    return "FailureContext[kind=" + kind.wireName() + ", status=" + status
        + ", error=" + TokenRedaction.redact(error)
        + ", errorDescription=" + TokenRedaction.redact(errorDescription)
        + ", txid=" + TokenRedaction.redact(txid)
        + ", retryAfter=" + retryAfter.map(Duration::toString).orElse("")
        + ", account=" + account + ", vehicle=" + vehicle + ", endpoints=" + endpoints
        + ", claims=" + claims.map(FailureContext::summary).orElse("none")
        + ", configuredScopes=" + configuredScopes + ", baseUrl=" + baseUrl + ", redirectUri="
        + TokenRedaction.redact(redirectUri)
        + ", lastGoodRefresh=" + lastGoodRefresh.map(Instant::toString).orElse("") + ", at=" + at + "]";
  }

  private static String summary(AccessTokenClaims c) {
    return "{exp=" + c.expiresAt().map(Instant::toString).orElse("") + ", scp=" + c.scopes()
        + ", aud=" + c.audiences() + ", ou_code=" + c.region().orElse("") + "}";
  }
}
