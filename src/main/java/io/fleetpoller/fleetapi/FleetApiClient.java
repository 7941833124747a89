package io.fleetpoller.fleetapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.fleetapi.FleetApiException.Failure;
import io.fleetpoller.fleetapi.FleetApiParser.ErrorBody;
import io.fleetpoller.fleetapi.FleetApiParser.MalformedBodyException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientForm;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fleet API and its OAuth token endpoint, one method per request the poller makes.
 *
 * <p>Every method returns a Future that fails with a {@link FleetApiException} for any non-2xx
 * answer, transport failure or unreadable body, and tells the options' {@link ApiCallListener}
 * about each HTTP request exactly once when it ends. Null arguments are programming errors and
 * throw at once; a token call without {@code tesla.clientId}/{@code tesla.clientSecret} fails its
 * Future with an {@link IllegalStateException} and sends nothing (so no listener call).
 *
 * <p>Built on the Vert.x core {@link HttpClient} rather than the Web Client because the Web Client
 * buffers whole bodies: here a body over {@code maxResponseBytes} is refused on its Content-Length
 * or, when chunked, as soon as the running count passes the limit, and the connection is reset.
 */
public final class FleetApiClient {

  private static final Logger LOG = LoggerFactory.getLogger(FleetApiClient.class);

  /** Tesla's default and largest page size for the vehicle list (FACTS.md, "Endpoints"). */
  static final int PER_PAGE = 100;
  /** A bound on a server whose pagination never ends: 100,000 vehicles. */
  private static final int MAX_PAGES = 1_000;

  private static final String USER_AGENT = "fleet-poller/" + version();

  private final Vertx vertx;
  private final HttpClient http;
  private final FleetApiOptions options;
  private final FleetClock clock;
  private final String baseUrl;

  private FleetApiClient(Vertx vertx, HttpClient http, FleetApiOptions options, FleetClock clock) {
    this.vertx = vertx;
    this.http = http;
    this.options = options;
    this.clock = clock;
    this.baseUrl = stripTrailingSlash(options.apiBaseUrl());
  }

  public static FleetApiClient create(Vertx vertx, FleetApiOptions options, FleetClock clock) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    // Redirects are not followed (RequestOptions default): a bearer token must not go to another host.
    HttpClient http = vertx.httpClientBuilder().with(new HttpClientOptions().setName("fleet-api")).build();
    return new FleetApiClient(vertx, http, options, clock);
  }

  /**
   * The same client (same connection pool, listener, clock) for another region's base URL, e.g.
   * after a 421 or {@link #userRegion}. Closing either closes both.
   */
  public FleetApiClient withBaseUrl(String apiBaseUrl) {
    return new FleetApiClient(vertx, http, options.withApiBaseUrl(apiBaseUrl), clock);
  }

  /**
   * The same client (same connection pool) telling another listener, e.g. one per account so each
   * call is attributed to its account. Closing either closes both.
   */
  public FleetApiClient withListener(ApiCallListener listener) {
    return new FleetApiClient(vertx, http, options.withListener(listener), clock);
  }

  public String baseUrl() {
    return baseUrl;
  }

  // ---- Fleet API

  /** Every page of {@code GET /api/1/vehicles}; one listener call per page. */
  public Future<List<VehicleSummary>> listVehicles(BearerToken token) {
    Objects.requireNonNull(token, "token");
    return listFrom(token, 1, new ArrayList<>());
  }

  private Future<List<VehicleSummary>> listFrom(BearerToken token, int page, List<VehicleSummary> fetched) {
    String url = baseUrl + "/api/1/vehicles?page=" + page + "&per_page=" + PER_PAGE;
    return call(Exchange.get(ApiCallKind.LIST, null, url, token), FleetApiParser::vehiclePage)
        .compose(result -> {
          fetched.addAll(result.vehicles());
          Integer next = result.nextPage(page, PER_PAGE, fetched.size());
          if (next == null || page >= MAX_PAGES) {
            return Future.succeededFuture(List.copyOf(fetched));
          }
          return listFrom(token, next, fetched);
        });
  }

  /** {@code GET /api/1/vehicles/{id}}: the car's {@code state} without contacting (or waking) it. */
  public Future<VehicleSummary> vehicle(BearerToken token, String vehicleId) {
    String url = baseUrl + "/api/1/vehicles/" + pathSegment(vehicleId);
    return call(Exchange.get(ApiCallKind.VEHICLE, vehicleId, url, token), FleetApiParser::vehicleSummary);
  }

  /**
   * {@code GET /api/1/vehicles/{id}/vehicle_data?endpoints=a;b} (the value percent-encoded, so
   * {@code ;} goes as {@code %3B} and no server splits the parameter at it); an empty set sends
   * no parameter. A 408 here means the car is asleep or offline (FACTS.md).
   */
  public Future<VehicleData> vehicleData(BearerToken token, String vehicleId, Set<VehicleDataEndpoint> endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    EnumSet<VehicleDataEndpoint> ordered = EnumSet.noneOf(VehicleDataEndpoint.class);
    ordered.addAll(endpoints);
    String url = baseUrl + "/api/1/vehicles/" + pathSegment(vehicleId) + "/vehicle_data";
    if (!ordered.isEmpty()) {
      String list = ordered.stream().map(VehicleDataEndpoint::wireName).collect(Collectors.joining(";"));
      url += "?endpoints=" + URLEncoder.encode(list, StandardCharsets.UTF_8);
    }
    return call(Exchange.get(ApiCallKind.VEHICLE_DATA, vehicleId, url, token), FleetApiParser::vehicleData);
  }

  /** {@code POST /api/1/vehicles/{id}/wake_up}: the only call that wakes a car, and a costly one. */
  public Future<VehicleSummary> wakeUp(BearerToken token, String vehicleId) {
    String url = baseUrl + "/api/1/vehicles/" + pathSegment(vehicleId) + "/wake_up";
    Exchange exchange = new Exchange(ApiCallKind.WAKE_UP, vehicleId, HttpMethod.POST, url,
        Objects.requireNonNull(token, "token").value(), null, List.of(token.value()));
    return call(exchange, FleetApiParser::vehicleSummary);
  }

  /** {@code GET /api/1/users/region}: which regional base URL serves this user. */
  public Future<UserRegion> userRegion(BearerToken token) {
    return call(Exchange.get(ApiCallKind.REGION, null, baseUrl + "/api/1/users/region", token),
        FleetApiParser::userRegion);
  }

  // ---- OAuth token endpoint (form-encoded POST, FACTS.md "OAuth")

  /**
   * Exchanges an authorization code. {@code audience} is the Fleet API base URL of the user's
   * region; {@code redirectUri} must equal the authorize one exactly.
   *
   * @param codeVerifier the PKCE verifier, or null when none was sent
   */
  public Future<TokenResponse> exchangeCode(String code, String codeVerifier, String redirectUri, String audience) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(audience, "audience");
    IllegalStateException missing = missingClient(true);
    if (missing != null) {
      return Future.failedFuture(missing);
    }
    ClientForm form = ClientForm.form()
        .attribute("grant_type", "authorization_code")
        .attribute("client_id", options.clientId())
        .attribute("client_secret", options.clientSecret())
        .attribute("code", code);
    if (codeVerifier != null) {
      form.attribute("code_verifier", codeVerifier);
    }
    form.attribute("redirect_uri", redirectUri).attribute("audience", audience);
    return call(Exchange.token(options.tokenUrl(), form, code, codeVerifier, options.clientSecret()),
        FleetApiParser::tokenResponse);
  }

  /**
   * Trades a refresh token for new tokens. Tesla's refresh tokens are single-use: persist the
   * returned one before anything else (FACTS.md, "OAuth").
   */
  public Future<TokenResponse> refresh(String refreshToken) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    IllegalStateException missing = missingClient(false);
    if (missing != null) {
      return Future.failedFuture(missing);
    }
    ClientForm form = ClientForm.form()
        .attribute("grant_type", "refresh_token")
        .attribute("client_id", options.clientId())
        .attribute("refresh_token", refreshToken);
    return call(Exchange.token(options.tokenUrl(), form, refreshToken, options.clientSecret()),
        FleetApiParser::tokenResponse);
  }

  /** A partner token ({@code client_credentials}); {@code scopes} may be null to send none. */
  public Future<TokenResponse> clientCredentials(String scopes, String audience) {
    Objects.requireNonNull(audience, "audience");
    IllegalStateException missing = missingClient(true);
    if (missing != null) {
      return Future.failedFuture(missing);
    }
    ClientForm form = ClientForm.form()
        .attribute("grant_type", "client_credentials")
        .attribute("client_id", options.clientId())
        .attribute("client_secret", options.clientSecret());
    if (scopes != null) {
      form.attribute("scope", scopes);
    }
    form.attribute("audience", audience);
    return call(Exchange.token(options.tokenUrl(), form, options.clientSecret()), FleetApiParser::tokenResponse);
  }

  /** Closes the connection pool (shared with every {@link #withBaseUrl} copy). */
  public void close() {
    http.close();
  }

  // ---- one call: request, bounded body, interpretation, one listener call

  /** What one HTTP request needs; {@code secrets} are scrubbed from any text we pass on. */
  private record Exchange(
      ApiCallKind kind, String vehicleId, HttpMethod method, String url, String bearer, ClientForm form,
      List<String> secrets) {

    static Exchange get(ApiCallKind kind, String vehicleId, String url, BearerToken token) {
      Objects.requireNonNull(token, "token");
      return new Exchange(kind, vehicleId, HttpMethod.GET, url, token.value(), null, List.of(token.value()));
    }

    static Exchange token(String url, ClientForm form, String... secrets) {
      List<String> list = new ArrayList<>();
      for (String secret : secrets) {
        if (secret != null && !secret.isEmpty()) {
          list.add(secret);
        }
      }
      return new Exchange(ApiCallKind.TOKEN, null, HttpMethod.POST, url, null, form, List.copyOf(list));
    }

    String scrub(String text) {
      if (text == null) {
        return null;
      }
      String clean = text;
      for (String secret : secrets) {
        clean = clean.replace(secret, "***");
      }
      return clean;
    }
  }

  /** A complete answer whose body fit the limit. */
  private record Answer(int status, MultiMap headers, byte[] body) {}

  private <T> Future<T> call(Exchange exchange, Function<JsonNode, T> parse) {
    Promise<T> result = Promise.promise();
    // One context for the timer, the request and the listener, whatever thread called us.
    vertx.getOrCreateContext().runOnContext(ignored -> {
      Instant start = clock.now();
      send(exchange).onComplete(sent -> {
        T value = null;
        FleetApiException failure;
        if (sent.failed()) {
          failure = (FleetApiException) sent.cause();
        } else {
          Answer answer = sent.result();
          try {
            value = interpret(exchange, answer, parse);
            failure = null;
          } catch (FleetApiException e) {
            failure = e;
          }
        }
        report(exchange, start, failure == null ? sent.result().status() : failure.status(),
            failure == null ? null : callError(failure));
        if (failure == null) {
          result.complete(value);
        } else {
          result.fail(failure);
        }
      });
    });
    return result.future();
  }

  private <T> T interpret(Exchange exchange, Answer answer, Function<JsonNode, T> parse) {
    int status = answer.status();
    if (status >= 200 && status < 300) {
      try {
        return parse.apply(FleetApiParser.readTree(answer.body()));
      } catch (MalformedBodyException e) {
        throw FleetApiException.failure(exchange.kind(), Failure.MALFORMED_BODY, status, e.getMessage());
      } catch (RuntimeException e) {
        throw FleetApiException.failure(exchange.kind(), Failure.MALFORMED_BODY, status,
            "the response body could not be parsed (" + e.getClass().getSimpleName() + ")");
      }
    }
    ErrorBody error = FleetApiParser.errorBody(answer.body());
    Duration retryAfter = FleetApiParser.retryAfter(
        answer.headers().get(HttpHeaders.RETRY_AFTER), status == 429 ? error.error() : null, clock.now());
    throw FleetApiException.httpStatus(exchange.kind(), status, exchange.scrub(error.error()),
        exchange.scrub(error.errorDescription()), exchange.scrub(error.txid()), retryAfter,
        FleetApiParser.rateLimitHeaders(answer.headers()));
  }

  /** Sends the request; fails only with a FleetApiException (TIMEOUT, CONNECTION, BODY_TOO_LARGE). */
  private Future<Answer> send(Exchange exchange) {
    Promise<Answer> answer = Promise.promise();
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    // requestTimeout is real time: it guards against a network that hangs, and the network does not
    // get faster when simulated time is sped up (at x600 a 30 s simulated timeout would be 50 ms).
    long timeoutMillis = Math.max(1, options.requestTimeout().toMillis());
    long timer = vertx.setTimer(timeoutMillis, id -> {
      if (answer.tryFail(FleetApiException.failure(exchange.kind(), Failure.TIMEOUT, 0,
          "no complete answer within " + timeoutMillis + " ms"))) {
        abandon(request.get());
      }
    });
    answer.future().onComplete(done -> vertx.cancelTimer(timer));

    RequestOptions requestOptions = new RequestOptions()
        .setMethod(exchange.method())
        .setAbsoluteURI(exchange.url())
        // Frees the pool slot of a connect that outlives the call (the timer has failed it already).
        .setConnectTimeout(timeoutMillis)
        .putHeader(HttpHeaders.USER_AGENT, USER_AGENT)
        .putHeader(HttpHeaders.ACCEPT, "application/json");
    if (exchange.bearer() != null) {
      requestOptions.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + exchange.bearer());
    }
    http.request(requestOptions)
        .compose(req -> {
          request.set(req);
          if (answer.future().isComplete()) {
            abandon(req);
            return Future.<HttpClientResponse>failedFuture("abandoned after a timeout");
          }
          return exchange.form() == null ? req.send() : req.send(exchange.form());
        })
        .onComplete(response -> {
          if (response.failed()) {
            answer.tryFail(transportFailure(exchange, response.cause()));
          } else {
            readBody(exchange, response.result(), answer);
          }
        });
    return answer.future();
  }

  private void readBody(Exchange exchange, HttpClientResponse response, Promise<Answer> answer) {
    int status = response.statusCode();
    long limit = options.maxResponseBytes();
    // The reset below surfaces as a response exception; ours is already decided.
    response.exceptionHandler(t -> answer.tryFail(transportFailure(exchange, t)));
    if (declaredLength(response) > limit) {
      answer.tryFail(tooLarge(exchange, status, limit));
      abandon(response.request());
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (answer.future().isComplete()) {
        return;
      }
      if ((long) body.length() + chunk.length() > limit) {
        answer.tryFail(tooLarge(exchange, status, limit));
        abandon(response.request());
        return;
      }
      body.appendBuffer(chunk);
    });
    response.endHandler(v -> answer.tryComplete(new Answer(status, response.headers(), body.getBytes())));
  }

  private void report(Exchange exchange, Instant start, int status, String error) {
    ApiCall call = new ApiCall(exchange.kind(), exchange.vehicleId(), status,
        Duration.between(start, clock.now()), error, start);
    LOG.debug("Fleet API {}{} -> {}{}", exchange.kind().wireName(),
        exchange.vehicleId() == null ? "" : " " + exchange.vehicleId(), status, error == null ? "" : ": " + error);
    try {
      options.listener().onCall(call);
    } catch (RuntimeException e) {
      LOG.warn("ApiCallListener failed on a {} call", exchange.kind().wireName(), e);
    }
  }

  // ---- small pieces

  private static String callError(FleetApiException e) {
    return e.failure() == Failure.HTTP_STATUS ? e.error() : e.getMessage();
  }

  private static FleetApiException tooLarge(Exchange exchange, int status, long limit) {
    return FleetApiException.failure(exchange.kind(), Failure.BODY_TOO_LARGE, status,
        "response body exceeds the " + limit + "-byte limit");
  }

  private static FleetApiException transportFailure(Exchange exchange, Throwable t) {
    if (t instanceof FleetApiException) {
      return (FleetApiException) t;
    }
    Failure failure = t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException
        ? Failure.TIMEOUT
        : Failure.CONNECTION;
    String what = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    return FleetApiException.failure(exchange.kind(), failure, 0, "connection failed: " + exchange.scrub(what));
  }

  /** Drops a request and its connection (HTTP/1.1 reset closes it) so no more body is read. */
  private static void abandon(HttpClientRequest request) {
    if (request != null) {
      request.reset();
    }
  }

  private static long declaredLength(HttpClientResponse response) {
    String value = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private IllegalStateException missingClient(boolean needsSecret) {
    if (isBlank(options.clientId())) {
      return new IllegalStateException("tesla.clientId is not configured: the token endpoint needs it");
    }
    if (needsSecret && isBlank(options.clientSecret())) {
      return new IllegalStateException("tesla.clientSecret is not configured: this token grant needs it");
    }
    return null;
  }

  /** Vehicle ids are digits or VINs, but anything else must still not escape its path segment. */
  private static String pathSegment(String vehicleId) {
    if (vehicleId == null || vehicleId.isBlank()) {
      throw new IllegalArgumentException("a vehicle id must not be null or blank");
    }
    return URLEncoder.encode(vehicleId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String version() {
    String version = FleetApiClient.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
