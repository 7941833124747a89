package io.fleetpoller.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * Sees every log line of the test JVM (wired in logback-test.xml, at DEBUG for our code) and keeps
 * the ones that hold something shaped like a token: a JWT (access or id token) or a Tesla-style
 * refresh token. {@link NoSecretsInLogsExtension} fails the test during which one was logged.
 */
public final class SecretScanningAppender extends AppenderBase<ILoggingEvent> {

  /** Access tokens are JWTs: two base64url JSON segments, each starting with "{"" = "eyJ". */
  static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{6,}\\.eyJ[A-Za-z0-9_-]{6,}");
  /** Refresh tokens carry a region prefix (FACTS.md: NA_/EU_) and a long random tail. */
  static final Pattern REFRESH_TOKEN = Pattern.compile("\\b(?:NA|EU|CN)_[0-9A-Za-z]{24,}");

  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(' ').append(t.getMessage());
    }
    if (JWT.matcher(text).find() || REFRESH_TOKEN.matcher(text).find()) {
      LEAKS.add(event.getLoggerName() + " [" + event.getLevel() + "]: a token-shaped value was logged");
    }
  }

  /** The leaks seen since the last call, and forgets them. */
  static List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String leak; (leak = LEAKS.poll()) != null; ) {
      out.add(leak);
    }
    return out;
  }
}
