package io.fleetpoller.cli;

import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.telemetry.MetricsRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run}: the daemon, until it is stopped (SIGTERM / Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the poller daemon with its web API (/metrics, /health/*, /api/vehicles).")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var metrics = MetricsRuntime.newRegistry();
    var vertx = MetricsRuntime.newVertx(metrics);
    try {
      FleetConfig cfg = config.load(vertx);
      TokenStore store = TokenStoreFromConfig.open(vertx, cfg).await();
      var daemon = FleetPollerDaemon.start(vertx, metrics, cfg, FleetClock.system(), store).await();
      var out = spec.commandLine().getOut();
      out.printf("fleet-poller %s listening on http://%s:%d (metrics at /metrics)%n",
          cfg.instance().id(), cfg.http().host(), daemon.httpPort());
      var accounts = store.accounts().await();
      if (accounts.isEmpty()) {
        out.println("no accounts yet: store a refresh token with 'token import --account ID --refresh-token-stdin'");
      } else {
        out.println("accounts: " + String.join(", ", accounts));
      }
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        daemon.stop().eventually(() -> vertx.close()).onComplete(done -> stopped.countDown());
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "fleet-poller-shutdown"));
      stopped.await();
      return Main.EXIT_OK;
    } catch (Exception | Error e) {
      vertx.close();
      throw e;
    }
  }
}
