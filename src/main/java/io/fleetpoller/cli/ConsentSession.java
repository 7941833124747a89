package io.fleetpoller.cli;

import io.fleetpoller.auth.ConsentMarks;
import io.fleetpoller.auth.TokenStore;
import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.FleetConfig;
import io.fleetpoller.fleetapi.FleetApiClient;
import io.fleetpoller.fleetapi.FleetApiOptions;
import io.vertx.core.Vertx;

/**
 * What a login from the command line needs ({@code token login}, {@code token sim-login}): the
 * app's client, checked to be configured; the configured token store; a Fleet API client for the
 * token endpoint; and the needs-consent marks, so a running daemon resumes an account once it is
 * logged in again. Closing it closes the client and the store.
 */
record ConsentSession(FleetConfig.Tesla tesla, FleetClock clock, TokenStore store, FleetApiClient api,
    ConsentMarks marks) implements AutoCloseable {

  /** Fails with a config error, naming the key, when the client id or secret is missing. */
  static ConsentSession open(Vertx vertx, FleetConfig config) {
    FleetConfig.Tesla tesla = config.tesla();
    tesla.requireClientId();
    tesla.requireClientSecret();
    FleetClock clock = FleetClock.system();
    TokenStore store = TokenStoreFromConfig.open(vertx, config).await();
    return new ConsentSession(tesla, clock, store, FleetApiClient.create(vertx, FleetApiOptions.of(tesla), clock),
        Coordination.marks(vertx, config));
  }

  @Override
  public void close() {
    api.close();
    store.close().await();
  }
}
