package io.fleetpoller.cli;

import io.fleetpoller.auth.AuthorizationRequest;
import io.fleetpoller.auth.ConsentMarks;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.doctor.AccountChecks;
import io.fleetpoller.doctor.Check;
import io.fleetpoller.doctor.ConfigChecks;
import io.fleetpoller.doctor.DoctorReport;
import io.fleetpoller.doctor.HttpProbe;
import io.fleetpoller.doctor.LiveChecks;
import io.fleetpoller.doctor.StoreChecks;
import io.fleetpoller.fleetapi.BearerToken;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiException;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.fleetpoller.fleetapi.UserRegion;
import io.fleetpoller.fleetapi.VehicleSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code doctor}: the 401/403 checklist as a report. The checks are pure ({@code io.fleetpoller.doctor});
 * this command only gathers what they judge: the config, the token store's records, and a few live
 * answers. It never refreshes a token: a refresh rotates the single-use refresh token (FACTS.md,
 * "OAuth"), and a doctor must not change what it examines.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {
        "The 401/403 checklist: config (client, redirect URI, scopes, hosts), each stored account (decrypts,"
            + " refresh token, access-token expiry, scp, aud, ou_code) and live calls (token endpoint,"
            + " authorize page, users/region, vehicle list). One line per check with the next step.",
        "Exit 0 when all green, 1 when a check fails, 2 when the config cannot be loaded."})
final class DoctorCommand implements Callable<Integer> {

  /** An access token this close to expiry is not used for the live calls: it would expire under them. */
  private static final Duration USABLE_MARGIN = Duration.ofSeconds(30);
  /** How much of the authorize page is read to look for an error code. */
  private static final int PAGE_CHARS = 64 * 1024;

  @Mixin ConfigOption config;

  @Option(names = "--account", paramLabel = "ID", description = "Check only this account (default: every stored one)")
  String account;

  @Option(names = "--json", description = "Print one JSON document: {\"ok\": bool, \"checks\": [...]}")
  boolean json;

  @Option(names = "--offline", description = "Skip the live checks: no network call to Tesla")
  boolean offline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    try {
      FleetConfig cfg = config.load(vertx);
      Instant now = FleetClock.system().now();
      List<Check> checks = new ArrayList<>(ConfigChecks.of(cfg));
      Settled<TokenStore> opened = settle(() -> TokenStoreFromConfig.open(vertx, cfg));
      if (opened.failure() != null) {
        checks.add(StoreChecks.unavailable(cfg.tokens(), opened.failure()));
      }
      TokenStore store = opened.value();
      try {
        List<TokenRecord> records = store == null ? List.of() : storedAccounts(vertx, cfg, store, now, checks);
        if (!offline) {
          checks.addAll(live(vertx, cfg, store, records, now));
        }
      } finally {
        if (store != null) {
          settle(store::close);
        }
      }
      DoctorReport report = new DoctorReport(checks);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(report.json());
      } else {
        out.print(report.text(CommandLine.Help.Ansi.AUTO.enabled()));
        if (offline) {
          out.println("live checks skipped (--offline)");
        }
      }
      out.flush();
      return report.ok() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    } finally {
      vertx.close().await();
    }
  }

  /** Store and account checks; returns the records that could be read, for the live checks. */
  private List<TokenRecord> storedAccounts(Vertx vertx, FleetConfig cfg, TokenStore store, Instant now,
      List<Check> checks) {
    Settled<List<String>> listed = settle(store::accounts);
    if (listed.failure() != null) {
      checks.add(StoreChecks.unavailable(cfg.tokens(), listed.failure()));
      return List.of();
    }
    checks.add(StoreChecks.opened(cfg.tokens(), listed.value().size()));
    ConsentMarks marks = Coordination.marks(vertx, cfg);
    List<TokenRecord> readable = new ArrayList<>();
    for (String id : account == null ? listed.value() : List.of(account)) {
      Settled<Optional<TokenRecord>> loaded = settle(() -> store.load(id));
      if (loaded.failure() != null) {
        checks.add(AccountChecks.unreadable(id, loaded.failure()));
      } else if (loaded.value().isEmpty()) {
        checks.add(AccountChecks.missing(id));
      } else {
        // A mark that cannot be read is no finding of its own: the store check shows an unreachable Redis.
        Optional<String> needsConsent = Optional.ofNullable(settle(() -> marks.reason(id)).value())
            .flatMap(reason -> reason);
        checks.addAll(AccountChecks.of(loaded.value().get(), needsConsent, cfg.tesla(), now));
        readable.add(loaded.value().get());
      }
    }
    return readable;
  }

  private List<Check> live(Vertx vertx, FleetConfig cfg, TokenStore store, List<TokenRecord> records,
      Instant now) {
    FleetConfig.Tesla tesla = cfg.tesla();
    FleetApiOptions options;
    try {
      options = FleetApiOptions.of(tesla);
    } catch (IllegalArgumentException e) {
      return List.of(new Check(Check.LIVE, null, "live checks", Check.Status.SKIP,
          "tesla.tokenUrl and tesla.apiBaseUrl must be http(s) URLs first (see config)", ""));
    }
    long timeoutMillis = Math.max(1, tesla.requestTimeout().toMillis());
    WebClient web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    FleetApiClient api = FleetApiClient.create(vertx, options, FleetClock.system());
    try {
      List<Check> out = new ArrayList<>();
      // A GET carries no grant: the token endpoint answers 4xx, which is all reachability needs.
      HttpProbe tokenEndpoint = probe(web, tesla.tokenUrl(), timeoutMillis);
      out.add(LiveChecks.tokenEndpoint(tesla.tokenUrl(), tokenEndpoint));
      if (tesla.clientId().isEmpty() || tesla.clientSecret().isEmpty()) {
        out.add(new Check(Check.LIVE, null, "client credentials", Check.Status.SKIP,
            "needs tesla.clientId and tesla.clientSecret (see config)", ""));
        out.add(new Check(Check.LIVE, null, "authorize redirect URI", Check.Status.SKIP,
            "needs tesla.clientId (see config)", ""));
      } else {
        out.add(tokenEndpoint.answered()
            ? LiveChecks.clientCredentials(settle(() -> api.clientCredentials(partnerScopes(tesla), tesla.apiBaseUrl()))
                .failure())
            : new Check(Check.LIVE, null, "client credentials", Check.Status.SKIP,
                "the token endpoint is unreachable", ""));
        String authorize = AuthorizationRequest.create("doctor", tesla.authorizeUrl(), tesla.clientId().get(),
            tesla.redirectUri(), tesla.scopes()).url();
        out.add(LiveChecks.authorizePage(tesla.redirectUri(), probe(web, authorize, timeoutMillis)));
      }
      for (TokenRecord record : records) {
        out.addAll(accountLive(api, store, record, tesla.apiBaseUrl(), now));
      }
      return out;
    } finally {
      api.close();
      web.close();
    }
  }

  private static List<Check> accountLive(FleetApiClient api, TokenStore store, TokenRecord record,
      String apiBaseUrl, Instant now) {
    String id = record.account();
    if (!record.accessValidAt(now, USABLE_MARGIN)) {
      return LiveChecks.notCalled(id, (record.accessToken() == null ? "no access token yet" : "the access token has expired")
          + "; doctor does not refresh (that would rotate the single-use refresh token): run it again while the"
          + " daemon runs");
    }
    TokenRecord current = record;
    Settled<UserRegion> region = settle(() -> api.userRegion(new BearerToken(record.accessToken())));
    if (unauthorized(region.failure())) {
      // A running daemon may have just refreshed: that revokes the access token read a moment ago
      // (FACTS.md, "OAuth"). Re-read the store and ask once more with a newer one, if there is one.
      Optional<TokenRecord> newer = Optional.ofNullable(settle(() -> store.load(id)).value()).flatMap(r -> r)
          .filter(r -> r.version() > record.version() && r.accessValidAt(now, USABLE_MARGIN));
      if (newer.isPresent()) {
        current = newer.get();
        String access = current.accessToken();
        region = settle(() -> api.userRegion(new BearerToken(access)));
      }
    }
    BearerToken bearer = new BearerToken(current.accessToken());
    List<Check> out = new ArrayList<>();
    out.add(region.failure() == null ? LiveChecks.userRegion(id, apiBaseUrl, region.value())
        : LiveChecks.callFailed(id, "users/region", apiBaseUrl, region.failure()));
    Settled<List<VehicleSummary>> vehicles = settle(() -> api.listVehicles(bearer));
    out.add(vehicles.failure() == null ? LiveChecks.vehicles(id, vehicles.value())
        : LiveChecks.callFailed(id, "vehicles", apiBaseUrl, vehicles.failure()));
    return out;
  }

  private static boolean unauthorized(Throwable failure) {
    return failure instanceof FleetApiException e && e.status() == 401;
  }

  /** Partner tokens carry no refresh token, so offline_access is not asked for. */
  private static String partnerScopes(FleetConfig.Tesla tesla) {
    return tesla.scopes().stream().filter(s -> !s.equals("offline_access")).collect(Collectors.joining(" "));
  }

  /** A plain GET, no redirects followed, nothing secret in it. */
  private static HttpProbe probe(WebClient web, String url, long timeoutMillis) {
    try {
      var response = web.getAbs(url).timeout(timeoutMillis).send().await();
      String body = response.bodyAsString();
      return HttpProbe.answered(response.statusCode(), response.getHeader("Location"),
          body == null ? "" : body.substring(0, Math.min(body.length(), PAGE_CHARS)));
    } catch (Exception e) {
      Throwable cause = unwrap(e);
      return HttpProbe.failed(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
  }

  /** A future's value or its failure, waited for on this (non event-loop) thread. */
  private record Settled<T>(T value, Throwable failure) {}

  private static <T> Settled<T> settle(Supplier<Future<T>> call) {
    try {
      return new Settled<>(call.get().await(), null);
    } catch (Exception e) {
      return new Settled<>(null, unwrap(e));
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
