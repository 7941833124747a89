package io.fleetpoller.fleetapi;

import io.fleetpoller.config.ApiCallKind;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every non-2xx answer, every transport failure and every unreadable body of a Fleet API or token
 * call. Callers switch on {@link #failure()} and {@link #status()}, then Tesla's {@link #error()};
 * the message is for humans and never contains a token, code or secret.
 */
public final class FleetApiException extends RuntimeException {

  /** Why the call failed. */
  public enum Failure {
    /** The server answered with a non-2xx status. */
    HTTP_STATUS,
    /** No complete answer within the request timeout. */
    TIMEOUT,
    /** Refused, reset or closed before a complete answer. */
    CONNECTION,
    /** The body was larger than {@code maxResponseBytes}; it was abandoned unread. */
    BODY_TOO_LARGE,
    /** A 2xx answer whose body was not the JSON the call expects. */
    MALFORMED_BODY
  }

  private final ApiCallKind kind;
  private final Failure failure;
  private final int status;
  private final String error;
  private final String errorDescription;
  private final String txid;
  private final Duration retryAfter;
  private final Map<String, String> rateLimitHeaders;

  private FleetApiException(
      ApiCallKind kind,
      Failure failure,
      int status,
      String error,
      String errorDescription,
      String txid,
      Duration retryAfter,
      Map<String, String> rateLimitHeaders,
      String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.failure = Objects.requireNonNull(failure, "failure");
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
    this.txid = txid;
    this.retryAfter = retryAfter;
    this.rateLimitHeaders = rateLimitHeaders == null ? Map.of() : Map.copyOf(rateLimitHeaders);
  }

  /**
   * A non-2xx answer. Public so other rooms can build one in their tests.
   *
   * @param rateLimitHeaders lower-cased header names
   */
  public static FleetApiException httpStatus(
      ApiCallKind kind,
      int status,
      String error,
      String errorDescription,
      String txid,
      Duration retryAfter,
      Map<String, String> rateLimitHeaders) {
    StringBuilder message = new StringBuilder(kind.wireName()).append(": HTTP ").append(status);
    if (error != null && !error.isEmpty()) {
      message.append(' ').append(error);
    }
    if (errorDescription != null && !errorDescription.isEmpty()) {
      message.append(" (").append(errorDescription).append(')');
    }
    if (txid != null) {
      message.append(" txid=").append(txid);
    }
    if (retryAfter != null) {
      message.append(" retry after ").append(retryAfter);
    }
    return new FleetApiException(kind, Failure.HTTP_STATUS, status, error, errorDescription, txid, retryAfter,
        rateLimitHeaders, message.toString());
  }

  /**
   * A failure other than a non-2xx status.
   *
   * @param status the status that came with the answer, 0 when none came
   * @param detail safe text: what went wrong, never a body or a token
   */
  public static FleetApiException failure(ApiCallKind kind, Failure failure, int status, String detail) {
    if (failure == Failure.HTTP_STATUS) {
      throw new IllegalArgumentException("use httpStatus(...) for HTTP_STATUS");
    }
    String message = kind.wireName() + ": " + (status > 0 ? "HTTP " + status + ", " : "") + detail;
    return new FleetApiException(kind, failure, status, null, null, null, null, Map.of(), message);
  }

  public ApiCallKind kind() {
    return kind;
  }

  /** The HTTP status; 0 when no HTTP answer came. */
  public int status() {
    return status;
  }

  /** Tesla's {@code error}; null when the body had none (e.g. an empty 401). */
  public String error() {
    return error;
  }

  /** Tesla's {@code error_description}; may be null or empty. */
  public String errorDescription() {
    return errorDescription;
  }

  /** Tesla's {@code txid} (or {@code referenceID}); may be null. */
  public String txid() {
    return txid;
  }

  /** From {@code Retry-After}, else from a 429 body's "Retry in N seconds". */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@code RateLimit-*} and {@code X-RateLimit-*} response headers, lower-cased names. */
  public Map<String, String> rateLimitHeaders() {
    return rateLimitHeaders;
  }

  public Failure failure() {
    return failure;
  }

  /** True when no HTTP answer came: TIMEOUT or CONNECTION. */
  public boolean isTransportFailure() {
    return failure == Failure.TIMEOUT || failure == Failure.CONNECTION;
  }
}
