package io.fleetpoller.auth;

import io.fleetpoller.fleetapi.BearerToken;
import io.vertx.core.Future;

/** Hands out a usable access token for an account; the seam the poller depends on. */
public interface TokenSource {

  /** A token valid for a while yet, refreshing first when it is near its expiry. */
  Future<BearerToken> accessToken(String account);

  /**
   * The API refused {@code rejected} with a 401: return a different token to retry with once, or
   * fail. Another holder may already have refreshed (Tesla revokes old access tokens on refresh), so
   * implementations look at the store before refreshing.
   */
  Future<BearerToken> afterRejection(String account, BearerToken rejected);
}
