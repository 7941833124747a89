package io.fleetpoller.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway Prometheus for tests: the installed binary started on a free loopback port with its
 * TSDB in a directory of the caller's and its output appended to a log file, and its HTTP API
 * answered as JSON.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.start(
 *     PrometheusProcess.installed("prometheus"), configFile, tsdbDir, logFile)) {
 *   JsonNode body = prometheus.get("/api/v1/query", Map.of("query", "up"));
 * }
 * }</pre>
 */
final class PrometheusProcess implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private static final int PORT_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    // A test JVM that exits without close() (a crashed fork) must not leave Prometheus behind.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "prometheus-reaper"));
  }

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Where {@code binary} ({@code prometheus}, {@code promtool}) is installed: the PATH, then
   * {@code /usr/bin}. When it is missing the calling test fails if the environment variable
   * {@code CI} is set (.ci/run installs it there, so missing means CI is broken) and is skipped
   * otherwise.
   */
  static Path installed(String binary) {
    Optional<Path> found = Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)),
            Stream.of("/usr/bin"))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, binary))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isEmpty()) {
      String message = binary + " is not installed: .ci/run installs Debian's prometheus package";
      String ci = System.getenv("CI");
      if (ci != null && !ci.isBlank()) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    return found.get();
  }

  /**
   * Starts {@code executable} with {@code config}, its TSDB in {@code dataDir}, on a free loopback
   * port, and returns once {@code /-/ready} answers 200 (the config and its rule files loaded).
   */
  static PrometheusProcess start(Path executable, Path config, Path dataDir, Path log) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Process process = launch(executable, config, dataDir, log, port);
      PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
      try {
        prometheus.awaitReady();
        return prometheus;
      } catch (IllegalStateException portTakenOrFailed) {
        // Another process may have taken the free port between its probe and Prometheus's bind.
        prometheus.close();
        if (attempt >= PORT_ATTEMPTS) {
          throw portTakenOrFailed;
        }
      }
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * {@code GET path?params} and the body as JSON; Prometheus answers errors (a bad query: 400, 422)
   * with a JSON body too, whose {@code status} is {@code error}.
   */
  JsonNode get(String path, Map<String, String> params) {
    String query = params.entrySet().stream()
        .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    URI uri = URI.create(baseUrl() + path + (query.isEmpty() ? "" : "?" + query));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  /** The last lines Prometheus logged (at most a few thousand characters), for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
      return tail.length() <= 4000 ? tail : "..." + tail.substring(tail.length() - 4000);
    } catch (IOException e) {
      return "(no log at " + log + ": " + e + ")";
    }
  }

  /** SIGTERM, SIGKILL if Prometheus is still there after a grace period. Idempotent. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(process);
    }
  }

  private static Process launch(Path executable, Path config, Path dataDir, Path log, int port) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(executable.toString(),
          "--config.file=" + config.toAbsolutePath(),
          "--storage.tsdb.path=" + dataDir.toAbsolutePath(),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      RUNNING.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
  }

  /** Polls {@code /-/ready} until it answers 200; fails early when the process has exited. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    URI ready = URI.create(baseUrl() + "/-/ready");
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(REQUEST_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException notListeningYet) {
        last = notListeningYet.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Prometheus", e);
      }
      pause();
    }
    throw new IllegalStateException("Prometheus on port " + port + " was not ready within " + START_DEADLINE
        + " (" + last + "):\n" + logTail());
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
