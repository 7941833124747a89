package io.fleetpoller.doctor;

import java.util.Objects;

/**
 * One line of the {@code doctor} report: what was checked, what was found, and the next step when
 * something is wrong. Never holds a token or a secret: details name keys, hosts, scopes and dates.
 *
 * @param group {@link #CONFIG}, {@link #STORE}, {@link #ACCOUNT} or {@link #LIVE}
 * @param account the stored account the check is about; null for the app-wide checks
 * @param name what was checked, e.g. {@code redirect URI}, {@code scopes}
 * @param detail what was found, one sentence
 * @param action what an operator does next; empty when there is nothing to do
 */
public record Check(String group, String account, String name, Status status, String detail, String action) {

  public static final String CONFIG = "config";
  public static final String STORE = "store";
  public static final String ACCOUNT = "account";
  public static final String LIVE = "live";

  /** OK and FAIL are the verdicts; WARN may be a problem; SKIP could not be checked (and is no failure). */
  public enum Status { OK, WARN, FAIL, SKIP }

  public Check {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    action = action == null ? "" : action;
  }

  /** Whether this check lets {@code doctor} exit 0: anything but FAIL. */
  public boolean ok() {
    return status != Status.FAIL;
  }

  static Check pass(String group, String account, String name, String detail) {
    return new Check(group, account, name, Status.OK, detail, "");
  }

  static Check warn(String group, String account, String name, String detail, String action) {
    return new Check(group, account, name, Status.WARN, detail, action);
  }

  static Check fail(String group, String account, String name, String detail, String action) {
    return new Check(group, account, name, Status.FAIL, detail, action);
  }

  static Check skip(String group, String account, String name, String detail) {
    return new Check(group, account, name, Status.SKIP, detail, "");
  }
}
