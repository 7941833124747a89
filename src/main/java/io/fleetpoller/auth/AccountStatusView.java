package io.fleetpoller.auth;

import io.vertx.core.Future;
import java.util.List;

/** The accounts' token health, as the web API and the CLI show it. */
public interface AccountStatusView {
  Future<List<AccountStatus>> accounts();
}
