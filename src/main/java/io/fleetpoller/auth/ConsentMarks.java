package io.fleetpoller.auth;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Which accounts need a person's consent again, and why — kept where every instance and the next
 * start see it, so a refused refresh token is tried once in all, not once per instance or restart.
 */
public interface ConsentMarks {

  /** The reason the account needs consent, or empty when it does not. */
  Future<Optional<String>> reason(String account);

  Future<Void> mark(String account, String reason);

  Future<Void> clear(String account);
}
