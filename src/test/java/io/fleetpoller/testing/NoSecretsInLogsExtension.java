package io.fleetpoller.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (junit-platform.properties turns on extension autodetection): fails a
 * test during which a token-shaped value reached the log. Together the tests cover the whole
 * suite: no code path they exercise logs a token.
 */
public final class NoSecretsInLogsExtension implements BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeEach(ExtensionContext context) {
    SecretScanningAppender.drain(); // what earlier tests' stray threads logged is theirs
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> leaks = SecretScanningAppender.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError("token-shaped values were logged during this test: " + leaks);
    }
  }
}
