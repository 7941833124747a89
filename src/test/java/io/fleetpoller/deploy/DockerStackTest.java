package io.fleetpoller.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fleetpoller.config.ConfigLoader;
import io.fleetpoller.config.FleetConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The docker/ deployment, checked without a Docker engine: the compose file's contract with the
 * daemon's config, docker/prometheus/, grafana/ and docker/demo.env; the Dockerfile's shape; the
 * build context; and docker-compose itself parsing the file (real and demo).
 */
class DockerStackTest {

  static final Path DOCKER = Path.of("docker");
  static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
  static final Path DEMO_ENV = DOCKER.resolve("demo.env");
  static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
  static final Path PROMETHEUS = DOCKER.resolve("prometheus/prometheus.yml");
  static final Path GRAFANA_DASHBOARDS_PROVIDER = Path.of("grafana/provisioning/dashboards/fleet.yml");
  static final Path GRAFANA_DATASOURCE = Path.of("grafana/provisioning/datasources/prometheus.yml");
  static final String DEMO = "demo";
  /** A well-formed key for interpolating the real stack (its value is the operator's). */
  static final String SOME_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  static final Map<String, Object> STACK = yaml(COMPOSE);

  @TempDir Path tmp;

  // ---- the compose file's contract --------------------------------------------------------------

  @Test
  void redisKeepsAnAppendOnlyFileOnANamedVolume() {
    Map<String, Object> redis = service("redis");

    assertThat(strings(redis.get("command"))).containsSubsequence("--appendonly", "yes")
        .containsSubsequence("--appendfsync", "everysec");
    assertThat(mounts(redis)).anySatisfy(mount -> {
      assertThat(mount.target()).isEqualTo("/data");
      assertThat(namedVolumes()).contains(mount.source());
    });
    assertThat(String.join(" ", strings(map(redis.get("healthcheck")).get("test")))).contains("redis-cli ping");
  }

  @Test
  void bothPollersShareOneRedisAndHaveTheirOwnInstanceIdsAndDataVolumes() {
    List<String> pollers = pollers();
    Map<String, String> env = Map.of("FLEET_TOKEN_KEY", SOME_KEY);

    assertThat(pollers).containsExactly("poller-1", "poller-2");
    Set<String> redisUrls = new TreeSet<>();
    Set<String> instanceIds = new TreeSet<>();
    Set<String> dataVolumes = new TreeSet<>();
    for (String name : pollers) {
      Map<String, String> vars = environment(name, env);
      redisUrls.add(vars.get("FLEET_REDIS_URL"));
      instanceIds.add(vars.get("FLEET_INSTANCE_ID"));
      assertThat(map(map(service(name).get("depends_on")).get("redis")).get("condition"))
          .as(name + " waits for a healthy Redis").isEqualTo("service_healthy");
      mounts(service(name)).stream().filter(m -> m.target().equals("/app/data")).forEach(m -> dataVolumes.add(m.source()));
    }
    assertThat(redisUrls).containsExactly("redis://redis:6379/0");
    assertThat(URI.create(redisUrls.iterator().next()).getHost()).isIn(services().keySet());
    assertThat(instanceIds).hasSize(pollers.size()).doesNotContainNull().doesNotContain("");
    assertThat(dataVolumes).hasSize(pollers.size()).allSatisfy(v -> assertThat(namedVolumes()).contains(v));
  }

  @Test
  void thePollersConfigIsValidAndPutsTokensInRedis() {
    for (String name : pollers()) {
      FleetConfig config = daemonConfig(name, Map.of("FLEET_TOKEN_KEY", SOME_KEY));

      assertThat(config.http().host()).isEqualTo("0.0.0.0");
      assertThat(config.tokens().store()).isEqualTo(FleetConfig.Tokens.STORE_REDIS);
      assertThat(config.tokens().spillFile()).startsWithRaw(Path.of("/app/data"));
      assertThat(config.tokens().file()).startsWithRaw(Path.of("/app/data"));
      assertThat(config.instance().id()).isEqualTo(name);
    }
  }

  @Test
  void everyPrometheusTargetIsAPollerServiceListeningOnTheScrapedPort() {
    List<String> scraped = new ArrayList<>();
    for (Object job : list(yaml(PROMETHEUS).get("scrape_configs"))) {
      assertThat(map(job).get("job_name")).as("grafana/README.md: the alerts select job fleet-poller").isEqualTo("fleet-poller");
      for (Object staticConfig : list(map(job).get("static_configs"))) {
        for (String target : strings(map(staticConfig).get("targets"))) {
          String host = target.substring(0, target.lastIndexOf(':'));
          int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
          assertThat(services()).as("scrape target " + target).containsKey(host);
          assertThat(daemonConfig(host, Map.of("FLEET_TOKEN_KEY", SOME_KEY)).http().port())
              .as("the port " + host + " listens on").isEqualTo(port);
          assertThat(publishedPorts(host)).as(host + " publishes the port it listens on").containsValue(port);
          scraped.add(host);
        }
      }
    }
    assertThat(scraped).as("every poller is scraped, once").containsExactlyInAnyOrderElementsOf(pollers());
  }

  @Test
  void prometheusMountsItsConfigAndRulesAndKeepsItsDataOnAVolume() {
    Map<String, Object> prometheus = service("prometheus");
    List<String> args = strings(prometheus.get("command"));
    String configFile = flag(args, "--config.file");
    String dataDir = flag(args, "--storage.tsdb.path");

    Path hostConfig = hostPathOf(prometheus, configFile);
    assertThat(hostConfig.normalize()).isEqualTo(PROMETHEUS.toAbsolutePath().normalize());
    for (String rules : strings(yaml(PROMETHEUS).get("rule_files"))) {
      // Relative rule files are read beside the config file, so they must sit in the same mount.
      assertThat(hostPathOf(prometheus, Path.of(configFile).resolveSibling(rules).toString())).isRegularFile();
    }
    assertThat(mounts(prometheus)).anySatisfy(m -> {
      assertThat(m.target()).isEqualTo(dataDir);
      assertThat(namedVolumes()).contains(m.source());
    });
    assertThat(publishedPorts("prometheus")).containsEntry(9090, 9090);
  }

  @Test
  void grafanaMountsTheProvisioningAndTheDashboardsWhereItsProviderLooks() {
    Map<String, Object> grafana = service("grafana");
    String providerPath = (String) map(map(list(yaml(GRAFANA_DASHBOARDS_PROVIDER).get("providers")).get(0)).get("options")).get("path");

    assertThat(hostPathOf(grafana, providerPath).normalize()).isEqualTo(Path.of("grafana/dashboards").toAbsolutePath());
    assertThat(hostPathOf(grafana, "/etc/grafana/provisioning/dashboards/fleet.yml").normalize())
        .isEqualTo(GRAFANA_DASHBOARDS_PROVIDER.toAbsolutePath());
    assertThat(hostPathOf(grafana, "/etc/grafana/provisioning/datasources/prometheus.yml").normalize())
        .isEqualTo(GRAFANA_DATASOURCE.toAbsolutePath());
    String home = environment("grafana", Map.of()).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(hostPathOf(grafana, home)).isRegularFile();
    // The datasource reaches Prometheus by its service name and port.
    URI datasource = URI.create((String) map(list(yaml(GRAFANA_DATASOURCE).get("datasources")).get(0)).get("url"));
    assertThat(services()).containsKey(datasource.getHost());
    assertThat(publishedPorts(datasource.getHost())).containsValue(datasource.getPort());
    assertThat(publishedPorts("grafana")).containsEntry(3000, 3000);
  }

  @Test
  void theSimulatorAndItsLoginRunOnlyInTheDemoProfile() {
    Map<String, List<String>> profiles = new LinkedHashMap<>();
    services().forEach((name, value) -> profiles.put(name, strings(map(value).get("profiles"))));

    assertThat(profiles).containsEntry("simulator", List.of(DEMO)).containsEntry("demo-login", List.of(DEMO));
    profiles.forEach((name, p) -> {
      if (!name.equals("simulator") && !name.equals("demo-login")) {
        assertThat(p).as(name + " runs in every stack").isEmpty();
      }
    });
    assertThat(strings(service("simulator").get("command"))).startsWith("simulate").contains("--host=0.0.0.0");
    assertThat(strings(service("demo-login").get("command"))).startsWith("token", "sim-login");
    assertThat(service("demo-login").get("restart")).as("a one-shot").isEqualTo("no");
  }

  @Test
  void theDemoEnvPointsThePollersAtTheSimulatorItRegistersWith() throws IOException {
    Map<String, String> demo = envFile(DEMO_ENV);
    Map<String, String> simulator = flags(interpolated(strings(service("simulator").get("command")), demo));
    int simPort = Integer.parseInt(simulator.get("--port"));

    assertThat(demo).containsEntry("COMPOSE_PROFILES", DEMO);
    assertThat(demo.get("COMPOSE_PROJECT_NAME")).as("the demo's volumes apart from the real stack's").isNotBlank();
    assertThat(Base64.getDecoder().decode(demo.get("FLEET_TOKEN_KEY"))).hasSize(32);
    for (String poller : pollers()) {
      FleetConfig.Tesla tesla = daemonConfig(poller, demo).tesla();
      assertThat(tesla.clientId()).contains(simulator.get("--client-id"));
      assertThat(tesla.clientSecret()).contains(simulator.get("--client-secret"));
      assertThat(tesla.redirectUri()).isEqualTo(simulator.get("--redirect-uri"));
      // The pollers call the token and API endpoints on the compose network...
      assertThat(URI.create(tesla.tokenUrl())).satisfies(u -> assertThat(u.getHost() + ":" + u.getPort()).isEqualTo("simulator:" + simPort));
      assertThat(URI.create(tesla.apiBaseUrl())).satisfies(u -> assertThat(u.getHost() + ":" + u.getPort()).isEqualTo("simulator:" + simPort));
      // ...while a person's browser opens the consent page through the published port.
      URI authorize = URI.create(tesla.authorizeUrl());
      assertThat(authorize.getHost()).isEqualTo("localhost");
      assertThat(publishedPorts("simulator")).containsEntry(authorize.getPort(), simPort);
    }
    // The callback the simulator redirects the browser to is poller-1's published port.
    URI callback = URI.create(simulator.get("--redirect-uri"));
    assertThat(callback.getHost()).isEqualTo("localhost");
    assertThat(callback.getPath()).isEqualTo("/auth/callback");
    assertThat(publishedPorts("poller-1")).containsEntry(callback.getPort(), 8080);
    // The one-shot login reaches the consent page on the network and logs in as many accounts as there are.
    FleetConfig login = daemonConfig("demo-login", demo);
    assertThat(URI.create(login.tesla().authorizeUrl()).getHost()).isEqualTo("simulator");
    assertThat(login.redis().url()).isEqualTo(daemonConfig("poller-1", demo).redis().url());
    assertThat(flags(interpolated(strings(service("demo-login").get("command")), demo)).get("--accounts"))
        .isEqualTo(simulator.get("--accounts"));
  }

  @Test
  void theRealStacksTeslaDefaultsAreTheDaemonsOwn() {
    FleetConfig.Tesla daemon = ConfigLoader.defaults().tesla();
    FleetConfig.Tesla stack = daemonConfig("poller-1", Map.of("FLEET_TOKEN_KEY", SOME_KEY)).tesla();

    assertThat(stack.authorizeUrl()).isEqualTo(daemon.authorizeUrl());
    assertThat(stack.tokenUrl()).isEqualTo(daemon.tokenUrl());
    assertThat(stack.apiBaseUrl()).isEqualTo(daemon.apiBaseUrl());
    assertThat(stack.clientId()).isEmpty();
    // The daemon's default redirect is its own port 8080; in the stack the browser reaches poller-1 on 8081.
    URI redirect = URI.create(stack.redirectUri());
    assertThat(redirect.getPath()).isEqualTo(URI.create(daemon.redirectUri()).getPath());
    assertThat(publishedPorts("poller-1")).containsEntry(redirect.getPort(), 8080);
  }

  @Test
  void everyHostPathTheStackMountsOrBuildsFromExists() {
    List<String> checked = new ArrayList<>();
    services().forEach((name, value) -> {
      for (Mount mount : mounts(map(value))) {
        if (mount.isHostPath()) {
          assertThat(DOCKER.resolve(mount.source())).as(name + " mounts " + mount.source()).exists();
          checked.add(mount.source());
        }
      }
      Object build = map(value).get("build");
      if (build != null) {
        Path context = DOCKER.resolve((String) map(build).get("context"));
        assertThat(context.resolve((String) map(build).get("dockerfile"))).as(name + " builds from").isRegularFile();
      }
    });
    assertThat(checked).contains("./conf", "./prometheus", "../grafana/provisioning", "../grafana/dashboards");
  }

  // ---- the image ----------------------------------------------------------------------------------

  @Test
  void theDockerfileBuildsInOneStageAndRunsAsNonRootInAnotherWithAReadinessCheck() throws IOException {
    List<String> instructions = dockerfileInstructions();
    List<String> froms = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();

    assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
    assertThat(froms.get(0)).startsWith("FROM eclipse-temurin:17-jdk");
    assertThat(froms.get(froms.size() - 1)).startsWith("FROM eclipse-temurin:17-jre");
    List<String> runStage = instructions.subList(instructions.lastIndexOf(froms.get(froms.size() - 1)), instructions.size());
    List<String> users = runStage.stream().filter(i -> i.startsWith("USER ")).toList();
    assertThat(users).hasSize(1);
    assertThat(users.get(0).substring(5).split(":")[0].strip()).isNotIn("root", "0").isEqualTo("10001");
    assertThat(runStage).anySatisfy(i -> assertThat(i).startsWith("HEALTHCHECK ").contains("/health/ready"));
    assertThat(runStage).contains("EXPOSE 8080");
    assertThat(runStage).anySatisfy(i -> assertThat(i).startsWith("ENTRYPOINT ").contains("\"java\"").contains("\"-jar\""));
    // The jar the build stage makes is the one pom.xml names and the one the run stage copies.
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>fleet-poller</finalName>");
    assertThat(runStage).anySatisfy(i -> assertThat(i).startsWith("COPY --from=").contains("target/fleet-poller.jar"));
    assertThat(runStage).anySatisfy(i -> assertThat(i).startsWith("CMD ").contains("/app/conf/fleet-poller.yaml"));
  }

  @Test
  void theBuildContextKeepsWhatTheDockerfileCopiesAndDropsTheRest() throws IOException {
    List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    List<String> copied = dockerfileInstructions().stream()
        .filter(i -> i.startsWith("COPY ") && !i.startsWith("COPY --from="))
        .flatMap(i -> {
          List<String> words = List.of(i.split("\\s+"));
          return words.subList(1, words.size() - 1).stream();
        })
        .toList();

    assertThat(ignored).noneMatch(p -> p.startsWith("!"));
    assertThat(copied).contains("mvnw", "pom.xml", ".mvn", "src/main", "docker/conf/fleet-poller.yaml");
    for (String path : copied) {
      assertThat(Path.of(path)).as("the Dockerfile copies " + path).exists();
      assertThat(dockerIgnores(ignored, path)).as(".dockerignore must keep " + path).isFalse();
    }
    for (String path : List.of("target/fleet-poller.jar", ".git", ".git/config", "data/tokens.enc", ".idea/x.xml",
        "docker/.env", "src/test/java/X.java")) {
      assertThat(dockerIgnores(ignored, path)).as(".dockerignore must drop " + path).isTrue();
    }
  }

  // ---- docker-compose parses it ------------------------------------------------------------------

  @Test
  void dockerComposeParsesTheRealStack() throws Exception {
    Path noDotEnv = Files.createFile(tmp.resolve("empty.env")); // a developer's docker/.env must not matter

    Compose result = compose(Map.of("FLEET_TOKEN_KEY", SOME_KEY), "--env-file", noDotEnv.toString(), "config", "-q");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void dockerComposeParsesTheDemoStackFromDemoEnvAlone() throws Exception {
    Compose result = compose(Map.of(), "--env-file", DEMO_ENV.toString(), "--profile", DEMO, "config", "-q");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void theRealStackRefusesToStartWithoutATokenKey() throws Exception {
    Path noDotEnv = Files.createFile(tmp.resolve("empty.env"));

    Compose result = compose(Map.of(), "--env-file", noDotEnv.toString(), "config", "-q");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("FLEET_TOKEN_KEY is required");
  }

  record Compose(int exitCode, String output) {}

  /** Runs docker-compose on the compose file with only {@code env} (plus PATH/HOME) in its environment. */
  private static Compose compose(Map<String, String> env, String... args) throws Exception {
    Optional<Path> binary = onPath("docker-compose");
    if (binary.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("docker-compose is not installed; .ci/run installs it (apt-get install docker-compose)");
      }
      Assumptions.abort("docker-compose is not on the PATH: compose parsing not checked here");
    }
    List<String> command = new ArrayList<>(List.of(binary.get().toString(), "-f", COMPOSE.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Hermetic: a variable in the caller's shell would override the env file.
    Map<String, String> environment = builder.environment();
    environment.clear();
    for (String keep : List.of("PATH", "HOME", "LANG")) {
      Optional.ofNullable(System.getenv(keep)).ifPresent(v -> environment.put(keep, v));
    }
    environment.putAll(env);
    Path output = Files.createTempFile("docker-compose", ".log");
    try {
      Process process = builder.redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
          new java.io.File("/dev/null"))).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("docker-compose " + String.join(" ", args) + " did not finish within 60 s");
      }
      return new Compose(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  // ---- reading the files -------------------------------------------------------------------------

  /** A mount as {@code source:target[:mode]}; a host path starts with "." or "/". */
  record Mount(String source, String target) {
    boolean isHostPath() {
      return source.startsWith(".") || source.startsWith("/");
    }
  }

  static Map<String, Object> services() {
    return map(STACK.get("services"));
  }

  static Map<String, Object> service(String name) {
    assertThat(services()).as("compose services").containsKey(name);
    return map(services().get(name));
  }

  /** The long-running daemons: the fleet image with its default command (run) and an instance id. */
  static List<String> pollers() {
    return services().keySet().stream()
        .filter(name -> service(name).get("command") == null
            && environment(name, Map.of("FLEET_TOKEN_KEY", SOME_KEY)).containsKey("FLEET_INSTANCE_ID"))
        .toList();
  }

  static Set<String> namedVolumes() {
    return map(STACK.get("volumes")).keySet();
  }

  static List<Mount> mounts(Map<String, Object> service) {
    return strings(service.get("volumes")).stream().map(spec -> {
      String[] parts = spec.split(":");
      return new Mount(parts[0], parts[1]);
    }).toList();
  }

  /** Where on the host (absolute) a path inside the service's container comes from. */
  static Path hostPathOf(Map<String, Object> service, String containerPath) {
    return mounts(service).stream()
        .filter(m -> m.isHostPath() && (containerPath.equals(m.target()) || containerPath.startsWith(m.target() + "/")))
        .findFirst()
        .map(m -> DOCKER.resolve(m.source()).resolve(containerPath.substring(m.target().length()).replaceFirst("^/", ""))
            .toAbsolutePath().normalize())
        .orElseThrow(() -> new AssertionError("nothing from the host is mounted at " + containerPath));
  }

  /** Published ports, host port → container port, after interpolating their defaults. */
  static Map<Integer, Integer> publishedPorts(String name) {
    Map<Integer, Integer> out = new LinkedHashMap<>();
    for (String spec : interpolated(strings(service(name).get("ports")), Map.of())) {
      String[] parts = spec.split(":");
      out.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")));
    }
    return out;
  }

  /** The service's environment as compose would pass it with {@code vars} set (anchors merged). */
  static Map<String, String> environment(String name, Map<String, String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    Object environment = service(name).get("environment");
    if (environment != null) {
      map(environment).forEach((key, value) -> out.put(key, interpolate(String.valueOf(value), vars)));
    }
    return out;
  }

  /**
   * What the daemon in that service would run with: the container config (docker/conf, mounted at
   * /app/conf) and the service's environment, through the daemon's own loader and validation.
   */
  static FleetConfig daemonConfig(String name, Map<String, String> vars) {
    Path config = hostPathOf(service(name), "/app/conf/fleet-poller.yaml");
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, Optional.of(config), environment(name, vars)).await();
    } finally {
      vertx.close().await();
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?)([-?])([^}]*))?}");

  /** Compose's ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} against {@code vars}. */
  static String interpolate(String text, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      boolean unset = value == null || (":".equals(m.group(2)) && value.isEmpty());
      String replacement;
      if (!unset) {
        replacement = value;
      } else if ("-".equals(m.group(3))) {
        replacement = m.group(4);
      } else if ("?".equals(m.group(3))) {
        throw new AssertionError("compose would refuse: " + m.group(1) + " unset: " + m.group(4));
      } else {
        replacement = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  static List<String> interpolated(List<String> values, Map<String, String> vars) {
    return values.stream().map(v -> interpolate(v, vars)).toList();
  }

  /** {@code --name=value} and {@code --name value} arguments as a map. */
  static Map<String, String> flags(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--") && arg.contains("=")) {
        out.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--") && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        out.put(arg, args.get(++i));
      }
    }
    return out;
  }

  static String flag(List<String> args, String name) {
    return Optional.ofNullable(flags(args).get(name)).orElseThrow(() -> new AssertionError("no " + name + " in " + args));
  }

  /** KEY=value lines of an env file; full-line comments only. */
  static Map<String, String> envFile(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        assertThat(l).as(file + ": a KEY=value line").contains("=").doesNotContain(" #");
        out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
      }
    }
    return out;
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  static List<String> dockerfileInstructions() throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      String l = line.strip();
      if (l.startsWith("#") || (l.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (l.endsWith("\\")) {
        current.append(l, 0, l.length() - 1).append(' ');
      } else {
        out.add(current.append(l).toString().replaceAll("\\s+", " ").strip());
        current.setLength(0);
      }
    }
    return out;
  }

  /**
   * Whether a .dockerignore pattern list drops {@code path}: Docker's rules without negations
   * ({@code *} and {@code ?} within a name, {@code **} across names; a pattern that matches a
   * directory drops everything in it).
   */
  static boolean dockerIgnores(List<String> patterns, String path) {
    List<String> prefixes = new ArrayList<>();
    String[] names = path.split("/");
    for (int i = 1; i <= names.length; i++) {
      prefixes.add(String.join("/", List.of(names).subList(0, i)));
    }
    return patterns.stream().map(DockerStackTest::globToRegex)
        .anyMatch(regex -> prefixes.stream().anyMatch(prefix -> prefix.matches(regex)));
  }

  private static String globToRegex(String pattern) {
    String p = pattern.replaceFirst("^/", "").replaceFirst("/$", "");
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (p.startsWith("**/", i)) {
        regex.append("(?:.*/)?");
        i += 2;
      } else if (p.startsWith("**", i)) {
        regex.append(".*");
        i += 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    return path == null ? Optional.empty() : Stream.of(path.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  static Map<String, Object> yaml(Path file) {
    try {
      // SafeConstructor resolves anchors and << merge keys as compose does.
      Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
      return map(document);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).as("a YAML mapping").isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    assertThat(value).as("a YAML list").isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /** A YAML list of scalars (or one scalar) as strings; absent = empty. */
  static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> items) {
      return items.stream().map(String::valueOf).collect(Collectors.toList());
    }
    return List.of(String.valueOf(value));
  }
}
