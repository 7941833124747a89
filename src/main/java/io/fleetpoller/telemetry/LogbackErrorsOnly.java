package io.fleetpoller.telemetry;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's status listener (logback.xml): prints logback's own errors (a broken appender, an
 * unreadable config) to stderr and nothing else. Without a listener logback dumps its whole
 * status to stdout on any warning, such as the one about the appender {@code LOG_FORMAT} did not
 * pick, which would mix with the demo's table and the CLI's answers on stdout.
 */
public final class LogbackErrorsOnly implements StatusListener {

  @Override
  public void addStatusEvent(Status status) {
    if (status.getEffectiveLevel() >= Status.ERROR) {
      System.err.println("logback: " + status);
    }
  }
}
