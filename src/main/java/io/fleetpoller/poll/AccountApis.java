package io.fleetpoller.poll;

import static net.logstash.logback.argument.StructuredArguments.v;

import io.fleetpoller.fleetapi.FleetApiClient;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each account's Fleet API client: the configured region's, or the one a wrong_region answer moved
 * the account to (checked by {@link RegionSwitch}, kept in {@link AccountRegions} so a restart
 * stays there). Used on the poller's event loop only.
 */
final class AccountApis {

  private static final Logger LOG = LoggerFactory.getLogger(AccountApis.class);

  private final Function<String, FleetApiClient> configured;
  private final AccountRegions regions;
  private final Map<String, FleetApiClient> moved = new HashMap<>();

  AccountApis(Function<String, FleetApiClient> configured, AccountRegions regions) {
    this.configured = configured;
    this.regions = regions;
  }

  /** Reads the kept regions; on failure the configured base URL is used and the next 421 moves again. */
  Future<Void> load() {
    return regions.all()
        .onSuccess(kept -> kept.forEach((account, url) -> RegionSwitch.acceptable(url, configured.apply(account).baseUrl())
            .ifPresent(ok -> moved.put(account, configured.apply(account).withBaseUrl(ok)))))
        .onFailure(err -> LOG.warn("could not read the accounts' regions; using tesla.apiBaseUrl: {}",
            err.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  FleetApiClient of(String account) {
    FleetApiClient regional = moved.get(account);
    return regional != null ? regional : configured.apply(account);
  }

  /** The account's base URL when a 421 moved it, for triage's audience check. */
  Optional<String> movedBaseUrl(String account) {
    return Optional.ofNullable(moved.get(account)).map(FleetApiClient::baseUrl);
  }

  /**
   * Moves the account to the base URL a 421 named, when it is one of Tesla's hosts and not where
   * the account already is; false otherwise (the caller pauses instead of retrying again).
   */
  boolean moveTo(String account, String namedBaseUrl) {
    Optional<String> baseUrl = RegionSwitch.acceptable(namedBaseUrl, configured.apply(account).baseUrl());
    if (baseUrl.isEmpty() || baseUrl.get().equals(of(account).baseUrl())) {
      return false;
    }
    LOG.warn("account {} moves to {} (a 421 named it)", v("account", account), baseUrl.get());
    moved.put(account, configured.apply(account).withBaseUrl(baseUrl.get()));
    regions.set(account, baseUrl.get())
        .onFailure(err -> LOG.warn("could not keep the region of account {}: {}", v("account", account), err.getMessage()));
    return true;
  }
}
