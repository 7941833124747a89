package io.fleetpoller.telemetry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's substitution of template variables into a Prometheus query, as a dashboard with "All"
 * selected in every variable sends it: the dashboard's own variables plus Grafana's interval and
 * range variables. A variable it does not know is an error, so a dashboard that starts using a new
 * one fails the test until the variable is handled here rather than being sent to Prometheus as is.
 */
final class GrafanaTemplate {

  /** Grafana's syntaxes: {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}|\\$(\\w+)|\\[\\[([^\\]]*)]]");
  private static final Pattern RELATIVE_FROM = Pattern.compile("now-(\\d+)([smhdw])");

  private final Map<String, String> values;

  private GrafanaTemplate(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Grafana's built-in variables for a dashboard showing the last {@code range} from a datasource
   * whose {@code timeInterval} (the scrape interval) is {@code scrapeInterval}. {@code $__interval}
   * is taken at its floor, the scrape interval; {@code $__rate_interval} is then Grafana's
   * {@code max($__interval + scrape interval, 4 * scrape interval)}.
   */
  static GrafanaTemplate builtIns(Duration scrapeInterval, Duration range) {
    Duration interval = scrapeInterval;
    Duration plusScrape = interval.plus(scrapeInterval);
    Duration fourScrapes = scrapeInterval.multipliedBy(4);
    Duration rateInterval = plusScrape.compareTo(fourScrapes) > 0 ? plusScrape : fourScrapes;
    Map<String, String> builtIns = new HashMap<>();
    builtIns.put("__interval", seconds(interval));
    builtIns.put("__interval_ms", Long.toString(interval.toMillis()));
    builtIns.put("__rate_interval", seconds(rateInterval));
    builtIns.put("__range", seconds(range));
    builtIns.put("__range_s", Long.toString(range.toSeconds()));
    builtIns.put("__range_ms", Long.toString(range.toMillis()));
    return new GrafanaTemplate(builtIns);
  }

  /** This template with the variable {@code name} (without {@code $}) standing for {@code value}. */
  GrafanaTemplate with(String name, String value) {
    Map<String, String> more = new HashMap<>(values);
    more.put(name, value);
    return new GrafanaTemplate(more);
  }

  /**
   * {@code query} with every variable replaced by its value.
   *
   * @throws IllegalArgumentException naming the variable when one is unknown or uses a form
   *     ({@code ${name:format}}, {@code [[name]]}) that is not substituted here
   */
  String interpolate(String query) {
    Matcher m = VARIABLE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2) != null ? m.group(2) : m.group(1);
      if (m.group(3) != null || name.contains(":")) {
        throw new IllegalArgumentException("Grafana variable " + m.group() + " in " + query
            + " uses a form GrafanaTemplate does not substitute: handle it there");
      }
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("unknown Grafana variable " + m.group() + " in " + query
            + ": handle it in GrafanaTemplate (known: " + values.keySet().stream().sorted().toList() + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * What Grafana writes for a multi-value variable with "All" selected: its custom all value as it
   * is, otherwise every value regex-escaped, in parentheses and joined by {@code |} when there is
   * more than one (its Prometheus datasource's {@code interpolateQueryExpr}).
   */
  static String allOf(Optional<String> customAllValue, List<String> values) {
    if (customAllValue.isPresent()) {
      return customAllValue.get();
    }
    List<String> escaped = values.stream().map(GrafanaTemplate::regexEscape).toList();
    return escaped.size() == 1 ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
  }

  /**
   * Grafana's {@code prometheusSpecialRegexEscape}: a value written into a PromQL string literal
   * that is used as a regex, so {@code 127.0.0.1} becomes {@code 127\\.0\\.0\\.1}.
   */
  static String regexEscape(String value) {
    return value.replace("\\", "\\\\\\\\").replaceAll("[$^*{}\\[\\]'+?.()|]", "\\\\\\\\$0");
  }

  /** The length of a dashboard's relative time range, {@code now-6h} to {@code now}. */
  static Duration relativeRange(String from, String to) {
    Matcher m = RELATIVE_FROM.matcher(from);
    if (!m.matches() || !"now".equals(to)) {
      throw new IllegalArgumentException("time range " + from + " to " + to
          + " is not now-N[smhdw] to now: handle it in GrafanaTemplate");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }
}
