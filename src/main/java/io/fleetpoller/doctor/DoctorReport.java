package io.fleetpoller.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The checks in order, as text for people (one line per check) or as one JSON document for machines. */
public record DoctorReport(List<Check> checks) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESET = "\u001B[0m";

  public DoctorReport {
    checks = List.copyOf(checks);
  }

  /** All green: no check failed (warnings and skipped checks do not fail the report). */
  public boolean ok() {
    return checks.stream().allMatch(Check::ok);
  }

  /**
   * One line per check, {@code STATUS  where  name: detail}, then {@code -> action} on the same
   * line when there is one, and a summary line.
   *
   * @param colour ANSI colours on the status markers (only for a terminal)
   */
  public String text(boolean colour) {
    StringBuilder out = new StringBuilder();
    for (Check check : checks) {
      String marker = String.format("%-4s", check.status().name());
      out.append(colour ? colourOf(check.status()) + marker + RESET : marker).append("  ")
          .append(String.format("%-16s", check.group() + (check.account() == null ? "" : " " + check.account())))
          .append(' ').append(check.name()).append(": ").append(check.detail());
      if (!check.action().isEmpty()) {
        out.append(" -> ").append(check.action());
      }
      out.append(System.lineSeparator());
    }
    out.append(summary()).append(System.lineSeparator());
    return out.toString();
  }

  /** {@code {"ok":..,"checks":[{"group","account","name","status","ok","detail","action"}]}}. */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", ok());
    ArrayNode list = root.putArray("checks");
    for (Check check : checks) {
      ObjectNode node = list.addObject();
      node.put("group", check.group());
      node.put("account", check.account());
      node.put("name", check.name());
      node.put("status", check.status().name().toLowerCase(Locale.ROOT));
      node.put("ok", check.ok());
      node.put("detail", check.detail());
      node.put("action", check.action());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  String summary() {
    long failed = count(Check.Status.FAIL);
    long warned = count(Check.Status.WARN);
    long skipped = count(Check.Status.SKIP);
    String tail = warned + " warning" + (warned == 1 ? "" : "s") + ", " + skipped + " skipped, "
        + count(Check.Status.OK) + " ok";
    return failed == 0 ? "all green (" + tail + ")" : failed + " failed, " + tail;
  }

  private long count(Check.Status status) {
    return checks.stream().filter(c -> c.status() == status).count();
  }

  private static String colourOf(Check.Status status) {
    return switch (status) {
      case OK -> "\u001B[32m";
      case WARN -> "\u001B[33m";
      case FAIL -> "\u001B[31m";
      case SKIP -> "\u001B[2m";
    };
  }
}
