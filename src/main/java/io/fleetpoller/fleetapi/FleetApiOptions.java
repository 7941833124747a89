package io.fleetpoller.fleetapi;

import io.fleetpoller.config.FleetConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FleetApiClient} reaches Tesla. {@link #toString()} redacts the client secret.
 *
 * @param apiBaseUrl the Fleet API base URL of a region, e.g. {@code https://fleet-api.prd.na.vn.cloud.tesla.com}
 * @param tokenUrl the full OAuth token endpoint URL
 * @param clientId {@code tesla.clientId}; null when not configured (token calls then fail)
 * @param clientSecret {@code tesla.clientSecret}; null when not configured
 * @param requestTimeout simulated time a whole call (connect, answer, body) may take; converted
 *     to real time with the client's FleetClock
 * @param maxResponseBytes the largest response body read; a bigger one fails with BODY_TOO_LARGE
 */
public record FleetApiOptions(
    String apiBaseUrl,
    String tokenUrl,
    String clientId,
    String clientSecret,
    Duration requestTimeout,
    long maxResponseBytes,
    ApiCallListener listener) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 2L * 1024 * 1024;

  public FleetApiOptions {
    requireUrl(apiBaseUrl, "apiBaseUrl");
    requireUrl(tokenUrl, "tokenUrl");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
    }
    Objects.requireNonNull(listener, "listener");
  }

  /** Timeout 30 s, 2 MiB bodies, no client id or secret, no listener. */
  public static FleetApiOptions of(String apiBaseUrl, String tokenUrl) {
    return new FleetApiOptions(apiBaseUrl, tokenUrl, null, null, DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_RESPONSE_BYTES, ApiCallListener.none());
  }

  /** The {@code tesla.*} settings: URLs, client (when set), request timeout and response size cap. */
  public static FleetApiOptions of(FleetConfig.Tesla tesla) {
    return of(tesla.apiBaseUrl(), tesla.tokenUrl())
        .withClient(tesla.clientId().orElse(null), tesla.clientSecret().orElse(null))
        .withRequestTimeout(tesla.requestTimeout())
        .withMaxResponseBytes(tesla.maxResponseBytes());
  }

  public FleetApiOptions withApiBaseUrl(String url) {
    return new FleetApiOptions(url, tokenUrl, clientId, clientSecret, requestTimeout, maxResponseBytes, listener);
  }

  public FleetApiOptions withClient(String id, String secret) {
    return new FleetApiOptions(apiBaseUrl, tokenUrl, id, secret, requestTimeout, maxResponseBytes, listener);
  }

  public FleetApiOptions withListener(ApiCallListener l) {
    return new FleetApiOptions(apiBaseUrl, tokenUrl, clientId, clientSecret, requestTimeout, maxResponseBytes, l);
  }

  public FleetApiOptions withRequestTimeout(Duration t) {
    return new FleetApiOptions(apiBaseUrl, tokenUrl, clientId, clientSecret, t, maxResponseBytes, listener);
  }

  public FleetApiOptions withMaxResponseBytes(long n) {
    return new FleetApiOptions(apiBaseUrl, tokenUrl, clientId, clientSecret, requestTimeout, n, listener);
  }

  @Override
  public String toString() {
    return "FleetApiOptions[apiBaseUrl=" + apiBaseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "null" : "***") + ", requestTimeout=" + requestTimeout
        + ", maxResponseBytes=" + maxResponseBytes + "]";
  }

  private static void requireUrl(String url, String name) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException(name + " must be an http:// or https:// URL, got " + url);
    }
  }
}
