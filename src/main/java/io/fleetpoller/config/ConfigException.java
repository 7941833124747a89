package io.fleetpoller.config;

/**
 * A configuration value that is missing, malformed or out of range, or a config file that cannot
 * be used. The message is one line that names the key (and the environment variable when the value
 * came from one) and says what is wrong; it never contains a secret's value. The CLI maps this to
 * exit code 2.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@link #key()} of a problem with the {@code --config} file itself (missing, not YAML). */
  public static final String CONFIG_FILE = "--config";

  private final String key;

  /**
   * @param key the dotted key path ({@code polling.intervals.online}), or {@link #CONFIG_FILE} for a
   *     problem with the file as a whole
   * @param message the whole one-line message, starting with the key
   */
  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The dotted key path the problem is about, or {@link #CONFIG_FILE}. */
  public String key() {
    return key;
  }
}
