package io.fleetpoller.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads the configuration (DESIGN.md, "Config"): the defaults in the jar, then the {@code --config}
 * file's keys merged over them key by key, then the environment variables over both, merged by
 * vertx-config's {@link ConfigRetriever} and validated into a {@link FleetConfig}.
 *
 * <p>The {@code --config} file is read and parsed here before it goes to the retriever (as a
 * {@code json} store) because vertx-config's YAML store reports a syntax error without its line,
 * a top-level list as "Failed to decode YAML", and lets a file that is all comments, or a section
 * whose keys are all commented out ({@code polling:} alone), wipe out the defaults beneath it.
 */
public final class ConfigLoader {

  /** The defaults shipped in the jar; under a package path so no file in the working directory can shadow it. */
  static final String DEFAULTS_RESOURCE = "io/fleetpoller/config/fleet-poller-defaults.yaml";

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration. Reads files and the host name off the event loop.
   *
   * @param file the {@code --config} file, holding only the keys it changes
   * @param env the environment ({@code System.getenv()} in production)
   * @return the config, or a failed future with a {@link ConfigException} naming the bad key
   */
  public static Future<FleetConfig> load(Vertx vertx, Optional<Path> file, Map<String, String> env) {
    JsonObject envOverrides = EnvironmentOverrides.toJson(env);
    Map<String, String> envNameByKey = EnvironmentOverrides.envNameByKey(env);
    return vertx
        .executeBlocking(() -> new LocalInputs(file.map(ConfigLoader::readFile), localInstanceId()))
        .compose(inputs -> merge(vertx, inputs.file(), envOverrides)
            .map(merged -> ConfigBinder.bind(merged, envNameByKey, inputs.instanceId())));
  }

  /**
   * The bundled defaults alone (no file, no environment), read synchronously: for tests and the
   * demo. Looks up the host name for {@code instance.id}, so keep it off the event loop.
   */
  public static FleetConfig defaults() {
    return ConfigBinder.bind(bundledDefaults(), Map.of(), localInstanceId());
  }

  private record LocalInputs(Optional<JsonObject> file, String instanceId) {}

  private static Future<JsonObject> merge(
      Vertx vertx, Optional<JsonObject> file, JsonObject envOverrides) {
    // scanPeriod 0: read once, no periodic re-scan timer. Later stores win; vertx-config merges
    // them with JsonObject.mergeIn(other, deep = true), so a nested key replaces only itself.
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions()
            .setType("file")
            .setFormat("yaml")
            .setConfig(new JsonObject().put("path", DEFAULTS_RESOURCE)));
    file.ifPresent(json -> options.addStore(new ConfigStoreOptions().setType("json").setConfig(json)));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(envOverrides));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        // Only the bundled store can fail here (the others are in memory): a packaging bug.
        .recover(e -> Future.failedFuture(
            new IllegalStateException("bundled " + DEFAULTS_RESOURCE + " could not be read", e)))
        .eventually(retriever::close);
  }

  /** Reads and parses the {@code --config} file; blocking. */
  static JsonObject readFile(Path file) {
    String label = "config file " + file;
    if (!Files.exists(file)) {
      throw new ConfigException(ConfigException.CONFIG_FILE, label + ": not found");
    }
    if (Files.isDirectory(file)) {
      throw new ConfigException(ConfigException.CONFIG_FILE, label + ": is a directory, not a YAML file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ConfigException(ConfigException.CONFIG_FILE, label + ": is not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(ConfigException.CONFIG_FILE, label + ": cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
    return parseYaml(text, label);
  }

  static JsonObject bundledDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + DEFAULTS_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses YAML text whose top is a map, with the same parser and settings as vertx-config-yaml. */
  static JsonObject parseYaml(String text, String label) {
    Object document;
    try {
      document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      throw new ConfigException(ConfigException.CONFIG_FILE, label + ": not valid YAML"
          + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ")") + ": "
          + oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException(ConfigException.CONFIG_FILE,
          label + ": not valid YAML: " + oneLine(e.getMessage()));
    }
    if (document == null) {
      return new JsonObject(); // empty, or all comments: changes nothing
    }
    if (!(document instanceof Map)) {
      throw new ConfigException(ConfigException.CONFIG_FILE, label
          + ": must hold sections of keys (http:, polling:, ...) at the top, got "
          + (document instanceof List ? "a list" : "a single value"));
    }
    JsonObject json = toJson((Map<?, ?>) document);
    dropEmptySections(json, "");
    return json;
  }

  private static JsonObject toJson(Map<?, ?> map) {
    JsonObject json = new JsonObject();
    map.forEach((key, value) -> json.put(String.valueOf(key), toJsonValue(value)));
    return json;
  }

  private static Object toJsonValue(Object value) {
    if (value instanceof Map) {
      return toJson((Map<?, ?>) value);
    }
    if (value instanceof List) {
      JsonArray array = new JsonArray();
      ((List<?>) value).forEach(item -> array.add(toJsonValue(item)));
      return array;
    }
    if (value instanceof Date) {
      return ((Date) value).toInstant(); // an unquoted date (2025-01-01); the binder rejects it by key
    }
    return value;
  }

  /**
   * A section with every key commented out parses as null; merged as-is it would replace the
   * whole default section. It changes nothing, so drop it.
   */
  private static void dropEmptySections(JsonObject json, String path) {
    for (String name : List.copyOf(json.fieldNames())) {
      String key = path.isEmpty() ? name : path + "." + name;
      Object value = json.getValue(name);
      if (value == null && ConfigBinder.isSection(key)) {
        json.remove(name);
      } else if (value instanceof JsonObject) {
        dropEmptySections((JsonObject) value, key);
      }
    }
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  /** Host name + "-" + pid: unique enough among the instances sharing one Redis. */
  static String localInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
