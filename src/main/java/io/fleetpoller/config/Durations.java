package io.fleetpoller.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the config and the CLI write them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 8h}, {@code 1d}, or several of those run together ({@code 1h30m}).
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the accepted forms when the text is not one of them
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (!WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number and a unit, e.g. 500ms, 30s, 5m, 8h, 1d");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    return total;
  }

  /** The shortest form {@link #parse} reads back to the same duration ({@code 90s} → {@code 1m30s}). */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis >= sizes[i]) {
        out.append(millis / sizes[i]).append(units[i]);
        millis %= sizes[i];
      }
    }
    return out.toString();
  }

  /**
   * A rounded-down figure in one unit for tables people read: seconds under 2 minutes, minutes
   * under 2 hours, hours beyond ({@code 90s}, {@code 45m}, {@code 3h}); negative counts as 0.
   */
  public static String brief(Duration duration) {
    long s = Math.max(0, duration.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return (s / 60) + "m";
    }
    return (s / 3600) + "h";
  }
}
