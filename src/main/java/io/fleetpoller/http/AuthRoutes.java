package io.fleetpoller.http;

import io.fleetpoller.auth.AccountStatus;
import io.fleetpoller.auth.AccountStatusView;
import io.fleetpoller.auth.AuthorizationResponse;
import io.fleetpoller.auth.ConsentException;
import io.fleetpoller.auth.ConsentFlow;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ConfigException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.fleetpoller.triage.FailureContext;
import io.fleetpoller.triage.RequestKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's login and token-health routes (DESIGN.md, "Daemon HTTP"): {@code GET /auth/login},
 * {@code GET /auth/callback} and {@code GET /api/accounts}. Pages are small server-rendered HTML;
 * nothing here ever writes a token, code or state into a page, a header or the log.
 */
public final class AuthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

  private final ConsentFlow flow;
  private final AccountStatusView accounts;
  private final FleetClock clock;
  private final Consumer<FailureContext> triage;

  private AuthRoutes(ConsentFlow flow, AccountStatusView accounts, FleetClock clock, Consumer<FailureContext> triage) {
    this.flow = flow;
    this.accounts = accounts;
    this.clock = clock;
    this.triage = triage;
  }

  /**
   * Adds the three routes to {@code router}.
   *
   * @param clock for {@code expires_in_seconds} in {@code /api/accounts}
   */
  public static void mount(Router router, ConsentFlow flow, AccountStatusView accounts, FleetClock clock) {
    mount(router, flow, accounts, clock, failure -> { });
  }

  /**
   * As {@link #mount(Router, ConsentFlow, AccountStatusView, FleetClock)}, telling {@code triage}
   * of every failed callback (state mismatch, refused code, redirect URI mismatch, bad client).
   */
  public static void mount(Router router, ConsentFlow flow, AccountStatusView accounts, FleetClock clock,
      Consumer<FailureContext> triage) {
    AuthRoutes routes = new AuthRoutes(flow, accounts, clock, triage);
    router.get("/auth/login").handler(routes::login);
    router.get("/auth/callback").handler(routes::callback);
    router.get("/api/accounts").handler(routes::listAccounts);
  }

  private void login(RoutingContext ctx) {
    String account = ctx.request().getParam("account");
    flow.begin(account).onComplete(begun -> {
      HttpServerResponse response = ctx.response();
      if (begun.succeeded()) {
        response.setStatusCode(302)
            .putHeader(HttpHeaders.LOCATION, begun.result().url())
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            // The authorize URL carries the state: do not leak it to Tesla's page as a referrer.
            .putHeader("Referrer-Policy", "no-referrer")
            .end();
        return;
      }
      Throwable err = begun.cause();
      if (err instanceof ConsentException consent) {
        triageOf(consent).ifPresent(triage);
        html(ctx, status(consent), ConsentPages.failed(consent));
      } else {
        html(ctx, 500, ConsentPages.problem("Cannot start the login", safeMessage(err)));
      }
    });
  }

  private void callback(RoutingContext ctx) {
    AuthorizationResponse answer = new AuthorizationResponse(
        param(ctx, "code"), param(ctx, "state"), param(ctx, "error"), param(ctx, "error_description"));
    flow.complete(answer).onComplete(done -> {
      if (done.succeeded()) {
        html(ctx, 200, ConsentPages.consented(done.result()));
        return;
      }
      Throwable err = done.cause();
      if (err instanceof ConsentException consent) {
        triageOf(consent).ifPresent(triage);
        html(ctx, status(consent), ConsentPages.failed(consent));
      } else {
        html(ctx, 500, ConsentPages.problem("Cannot finish the login", safeMessage(err)));
      }
    });
  }

  /** A failed callback as triage sees it: our own state check, or Tesla refusing the code exchange. */
  private Optional<FailureContext> triageOf(ConsentException consent) {
    String account = consent.account().orElse(null);
    return switch (consent.reason()) {
      case STATE_MISSING, STATE_UNKNOWN, STATE_EXPIRED, STATE_REPLAYED -> Optional.of(FailureContext.of(
          RequestKind.AUTHORIZE_CALLBACK, 0, consent.reason().name().toLowerCase(java.util.Locale.ROOT),
          consent.getMessage(), account, clock.now()));
      case CODE_EXCHANGE_FAILED -> consent.teslaError().map(error -> FailureContext.of(
          RequestKind.CODE_EXCHANGE, 400, error, consent.getMessage(), account, clock.now()));
      default -> Optional.empty();
    };
  }

  private void listAccounts(RoutingContext ctx) {
    accounts.accounts().onComplete(listed -> {
      HttpServerResponse response = ctx.response()
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (listed.failed()) {
        LOG.warn("GET /api/accounts: the token store could not be read: {}", listed.cause().getMessage());
        response.setStatusCode(500).end(new JsonObject()
            .put("error", "the token store could not be read: " + listed.cause().getMessage()).encode());
        return;
      }
      response.end(accountsJson(listed.result(), clock.now()).encodePrettily());
    });
  }

  /** The JSON of {@code /api/accounts}: health only, never a token. */
  static JsonArray accountsJson(List<AccountStatus> statuses, Instant now) {
    JsonArray out = new JsonArray();
    for (AccountStatus s : statuses) {
      out.add(new JsonObject()
          .put("account", s.account())
          .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
          .put("reason", s.reason().orElse(null))
          .put("access_expires_at", s.accessExpiresAt().map(Instant::toString).orElse(null))
          // Negative once expired: how long ago it ran out.
          .put("expires_in_seconds", s.accessExpiresAt().map(at -> Duration.between(now, at).getSeconds()).orElse(null))
          .put("scopes", new JsonArray(List.copyOf(s.scopes())))
          .put("region", s.region().orElse(null))
          .put("last_refresh_at", s.lastRefreshAt().toString())
          .put("version", s.version()));
    }
    return out;
  }

  /** The consent's own faults are the client's (400); a store that fails is ours (500). */
  private static int status(ConsentException e) {
    return switch (e.reason()) {
      case STATE_STORE_FAILED, STORE_FAILED -> 500;
      default -> 400;
    };
  }

  private static void html(RoutingContext ctx, int status, String page) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        // The callback URL carries the code: no referrer may take it to a linked page.
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'none'")
        .end(page);
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** A config error names its key and is safe to show; anything else only by its type. */
  private static String safeMessage(Throwable err) {
    if (err instanceof ConfigException) {
      return err.getMessage();
    }
    LOG.error("login flow failed unexpectedly", err);
    return "unexpected " + err.getClass().getSimpleName() + "; see the daemon's log";
  }
}
