package io.fleetpoller.auth;

import io.vertx.core.Future;

/**
 * Where pending consents wait for their callback: in memory in embedded mode, in Redis when several
 * instances share the callback URL (the browser may come back to another instance).
 */
public interface ConsentStates {

  /** Keeps {@code consent} until its {@code expiresAt}. */
  Future<Void> remember(PendingConsent consent);

  /**
   * Takes the consent for {@code state} out, at most once: a second take of the same state is
   * {@code REPLAYED}, a take after expiry {@code EXPIRED}, a state never issued {@code UNKNOWN}.
   */
  Future<ConsentLookup> take(String state);
}
