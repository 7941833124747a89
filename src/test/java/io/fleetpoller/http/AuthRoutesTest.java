package io.fleetpoller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.triage.TriageClassifier;
import io.fleetpoller.triage.TriageEvent;
import io.fleetpoller.triage.TriageReason;

import io.fleetpoller.auth.AuthorizationResponse;
import io.fleetpoller.auth.ConsentHarness;
import io.fleetpoller.auth.PendingConsent;
import io.fleetpoller.auth.StoredAccountStatusView;
import io.fleetpoller.auth.TokenRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole login through the routes: our server on a free port, the simulator redirecting back to
 * it, a client playing the browser (following each 302 by hand).
 */
class AuthRoutesTest {

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();
  HttpServer server;
  ConsentHarness h;
  String base;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (server != null) {
      server.close().await();
    }
    vertx.close().await();
  }

  private final java.util.List<TriageEvent> triaged = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Starts our server first (its port is in the redirect URI), then the simulator and the flow. */
  private void start(List<String> granted) {
    Router router = Router.router(vertx);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort();
    h = ConsentHarness.start(vertx, base + "/auth/callback", granted, dir);
    AuthRoutes.mount(router, h.flow, new StoredAccountStatusView(h.store), h.clock,
        failure -> triaged.add(new TriageClassifier().classify(failure)));
  }

  private void start() {
    start(ConsentHarness.ASKED);
  }

  private HttpResponse<Buffer> get(String url) {
    return h.browser.getAbs(url.startsWith("http") ? url : base + url).send().await();
  }

  /** GET /auth/login, then Tesla's (the simulator's) page: returns the callback URL it sends us to. */
  private String callbackUrl(String account) {
    HttpResponse<Buffer> login = get("/auth/login?account=" + account);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(login.getHeader("Location")).startsWith(h.sim.authorizeUrl() + "?");
    String callback = h.consentAt(login.getHeader("Location"));
    assertThat(callback).startsWith(base + "/auth/callback?");
    return callback;
  }

  private static void assertHtmlPage(HttpResponse<Buffer> page) {
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
  }

  @Test
  void aFullLoginStoresAWorkingTokenAndShowsTheGrantedScopes() {
    start();
    HttpResponse<Buffer> page = get(callbackUrl("home"));

    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertHtmlPage(page);
    assertThat(page.bodyAsString()).contains("home")
        .contains("openid offline_access vehicle_device_data vehicle_location")
        .doesNotContain("not granted");
    assertThat(h.vehiclesOf("home")).isNotEmpty();
    assertThat(h.consented).containsExactly("home");
  }

  @Test
  void aScopeTheOwnerDidNotGrantIsShownWithWhatItCosts() {
    start(List.of("openid", "offline_access", "vehicle_device_data"));
    String page = get(callbackUrl("home")).bodyAsString();

    assertThat(page).contains("Asked for but not granted").contains("<code>vehicle_location</code>")
        .contains("no location data").contains("href=\"/auth/login?account=home\"");
  }

  @Test
  void theSameCallbackTwiceIsRefusedTheSecondTime() {
    start();
    String callback = callbackUrl("home");
    assertThat(get(callback).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> replay = get(callback);

    assertThat(replay.statusCode()).isEqualTo(400);
    assertHtmlPage(replay);
    assertThat(replay.bodyAsString()).contains("already used").contains("href=\"/auth/login?account=home\"");
    assertThat(h.store.load("home").await().orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void aStateThisDaemonNeverIssuedIsRefused() {
    start();
    String callback = callbackUrl("home");
    String forged = callback.replaceFirst("state=[^&]+", "state=forged");

    HttpResponse<Buffer> page = get(forged);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.bodyAsString()).contains("Unknown login").contains("/auth/login?account=YOUR_ACCOUNT_ID");
    assertThat(h.store.accounts().await()).isEmpty();
    assertThat(triaged).extracting(TriageEvent::reason).containsExactly(TriageReason.STATE_MISMATCH);
  }

  @Test
  void aCallbackMoreThanTenMinutesAfterTheLoginHasExpired() {
    start();
    String callback = callbackUrl("home");
    h.clock.advance(Duration.ofMinutes(11));

    HttpResponse<Buffer> page = get(callback);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.bodyAsString()).contains("Login expired").contains("10 minutes")
        .contains("href=\"/auth/login?account=home\"");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aPkceMismatchFailsTheExchangeAndStoresNothing() {
    start();
    String callback = callbackUrl("home");
    String state = AuthorizationResponse.fromRedirect(callback).state().orElseThrow();
    h.states.tamper(state, c -> new PendingConsent(c.state(), c.account(), "v".repeat(43), c.redirectUri(),
        c.expiresAt()));

    HttpResponse<Buffer> page = get(callback);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.bodyAsString()).contains("Code exchange failed").contains("invalid_grant");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aRedirectUriMismatchAtTheTokenEndpointIsExplained() {
    start();
    String callback = callbackUrl("home");
    String state = AuthorizationResponse.fromRedirect(callback).state().orElseThrow();
    // As if tesla.redirectUri had changed between the authorize and the exchange.
    h.states.tamper(state, c -> new PendingConsent(c.state(), c.account(), c.codeVerifier(),
        "http://localhost:" + server.actualPort() + "/auth/callback", c.expiresAt()));

    HttpResponse<Buffer> page = get(callback);

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.bodyAsString()).contains("refused the redirect URI")
        .contains("tesla.redirectUri must equal the one registered for the app, byte for byte");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aDeniedConsentShowsTeslasErrorEscapedAndLinksBackToTheLogin() {
    start();
    String state = AuthorizationResponse.fromRedirect(callbackUrl("home")).state().orElseThrow();
    String description = URLEncoder.encode("<script>alert(1)</script> said no", StandardCharsets.UTF_8);

    HttpResponse<Buffer> page = get("/auth/callback?error=access_denied&error_description=" + description
        + "&state=" + state);

    assertThat(page.statusCode()).isEqualTo(400);
    assertHtmlPage(page);
    assertThat(page.bodyAsString()).contains("Access denied").contains("access_denied")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; said no").doesNotContain("<script>")
        .contains("href=\"/auth/login?account=home\"");
    assertThat(h.store.accounts().await()).isEmpty();
  }

  @Test
  void aLoginWithoutAValidAccountIsA400Page() {
    start();
    for (String query : List.of("", "?account=", "?account=%3Cb%3E", "?account=a%20b")) {
      HttpResponse<Buffer> page = get("/auth/login" + query);
      assertThat(page.statusCode()).as(query).isEqualTo(400);
      assertHtmlPage(page);
      assertThat(page.bodyAsString()).contains("account id").doesNotContain("<b>");
    }
    assertThat(h.states.size()).isZero();
  }

  @Test
  void apiAccountsShowsTokenHealthButNeverAToken() {
    start();
    assertThat(get(callbackUrl("home")).statusCode()).isEqualTo(200);
    TokenRecord stored = h.store.load("home").await().orElseThrow();
    h.clock.advance(Duration.ofHours(1));

    HttpResponse<Buffer> response = get("/api/accounts");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.bodyAsString()).doesNotContain(stored.accessToken()).doesNotContain(stored.refreshToken());
    JsonArray accounts = response.bodyAsJsonArray();
    assertThat(accounts).hasSize(1);
    JsonObject home = accounts.getJsonObject(0);
    assertThat(home.getString("account")).isEqualTo("home");
    assertThat(home.getString("state")).isEqualTo("active");
    assertThat(home.containsKey("reason")).isTrue();
    assertThat(home.getString("reason")).isNull();
    assertThat(home.getString("access_expires_at")).isEqualTo(ConsentHarness.START.plus(Duration.ofHours(8)).toString());
    assertThat(home.getLong("expires_in_seconds")).isEqualTo(7 * 3600);
    assertThat(home.getJsonArray("scopes")).isEqualTo(new JsonArray(ConsentHarness.ASKED));
    assertThat(home.getString("region")).isEqualTo("NA");
    assertThat(home.getString("last_refresh_at")).isEqualTo(ConsentHarness.START.toString());
    assertThat(home.getLong("version")).isEqualTo(1);
  }
}
