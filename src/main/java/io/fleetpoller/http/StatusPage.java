package io.fleetpoller.http;

import io.fleetpoller.auth.AccountStatusView;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.poll.VehicleRegistry;
import io.fleetpoller.triage.TriageLog;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** {@code GET /}: the status page ({@link StatusPageHtml}); a part that cannot be read shows as empty. */
public final class StatusPage {

  static final int TRIAGE_SHOWN = 20;

  private final AccountStatusView accounts;
  private final VehicleRegistry vehicles;
  private final TriageLog triage;
  private final FleetClock clock;

  private StatusPage(AccountStatusView accounts, VehicleRegistry vehicles, TriageLog triage, FleetClock clock) {
    this.accounts = accounts;
    this.vehicles = vehicles;
    this.triage = triage;
    this.clock = clock;
  }

  public static void mount(Router router, AccountStatusView accounts, VehicleRegistry vehicles, TriageLog triage,
      FleetClock clock) {
    router.get("/").handler(new StatusPage(accounts, vehicles, triage, clock)::show);
  }

  private void show(RoutingContext ctx) {
    var accountsRead = accounts.accounts().otherwise(List.of());
    var triageRead = triage.recent(TRIAGE_SHOWN, Optional.empty(), Optional.empty()).otherwise(List.of());
    Future.join(accountsRead, triageRead).onComplete(done -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(StatusPageHtml.render(accountsRead.result(), vehicles.all(), triageRead.result(), clock.now())));
  }
}
