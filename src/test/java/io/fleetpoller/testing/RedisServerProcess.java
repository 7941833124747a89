package io.fleetpoller.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway {@code redis-server} for tests: started on a free loopback port in a temp directory,
 * with an append-only file fsynced on every write ({@code --appendonly yes --appendfsync always},
 * no RDB snapshots), so {@link #kill()} followed by {@link #restart()} keeps the data, as a real
 * deployment with AOF would.
 *
 * <p>Usage, simplest through {@link RedisServerExtension} (one server per test class, flushed
 * before each test, injected as a parameter):
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class MyRedisTest {
 *   @Test
 *   void something(RedisServerProcess redis) {
 *     RedisConnector connector = RedisConnector.connect(vertx, redis.url());
 *     ...
 *     redis.kill();     // SIGKILL: Redis is gone, requests fail
 *     redis.restart();  // same port and data directory: the data written before the kill is back
 *   }
 * }
 * }</pre>
 *
 * or by hand: {@code try (RedisServerProcess redis = RedisServerProcess.start()) { ... }}.
 *
 * <p>When {@code redis-server} is not on the PATH the calling test is skipped (a JUnit assumption),
 * never failed. When the environment variable {@code REDIS_URL} is set, that server is used instead
 * of starting one: {@link #flush()} then wipes its current database ({@code FLUSHDB}), so point it
 * at a throwaway server only; {@link #kill()} and {@link #restart()} abort the calling test
 * (assumption), since a server we did not start cannot be killed.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(15);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 5;
  private static final Set<RedisServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    // A JVM that exits without stop() (a crashed fork) must not leave servers behind.
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(server -> server.destroy(true)), "redis-server-reaper"));
  }

  private final Path executable;
  private final Path dir;
  private final URI external;
  private int port;
  private Process process;

  private RedisServerProcess(Path executable, Path dir, URI external) {
    this.executable = executable;
    this.dir = dir;
    this.external = external;
  }

  /**
   * Starts a fresh server (or uses {@code REDIS_URL}) and waits until it answers PING. Skips the
   * calling test when neither {@code REDIS_URL} nor {@code redis-server} is available.
   */
  public static RedisServerProcess start() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      RedisServerProcess server = new RedisServerProcess(null, null, URI.create(url.strip()));
      server.awaitPing(null);
      return server;
    }
    Optional<Path> executable = findOnPath("redis-server");
    Assumptions.assumeTrue(executable.isPresent(),
        "redis-server is not on the PATH and REDIS_URL is not set: Redis tests skipped");
    Path dir;
    try {
      dir = Files.createTempDirectory("fleet-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisServerProcess server = new RedisServerProcess(executable.get(), dir, null);
    server.startOnFreePort();
    return server;
  }

  /** {@code redis://127.0.0.1:PORT}, or {@code REDIS_URL} when that is set. */
  public String url() {
    return external != null ? external.toString() : "redis://127.0.0.1:" + port;
  }

  /** Whether this is {@code REDIS_URL}'s server rather than one started here. */
  public boolean isExternal() {
    return external != null;
  }

  /** Whether the server answers PING now. */
  public boolean isRunning() {
    try {
      return "PONG".equals(command("PING"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Empties the database ({@code FLUSHDB}): each test starts with no keys. */
  public void flush() {
    try {
      command("FLUSHDB");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush Redis", e);
    }
  }

  /** SIGKILL, as a crash or an OOM kill would; returns once the process has exited. */
  public void kill() {
    requireOwnServer("kill()");
    destroy(true);
  }

  /** Starts the server again on the same port and data directory; returns once it answers PING. */
  public void restart() {
    requireOwnServer("restart()");
    if (process != null && process.isAlive()) {
      destroy(false);
    }
    launch();
    awaitPing(process);
  }

  /** Stops the server (SIGTERM, SIGKILL if it lingers) and deletes its directory. Idempotent. */
  public void stop() {
    if (external != null) {
      return;
    }
    destroy(false);
    deleteRecursively(dir);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return external != null ? "RedisServerProcess[REDIS_URL]" : "RedisServerProcess[port=" + port + "]";
  }

  private void startOnFreePort() {
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      launch();
      try {
        awaitPing(process);
        return;
      } catch (IllegalStateException portTakenOrFailed) {
        destroy(true);
        if (attempt >= PORT_ATTEMPTS) {
          deleteRecursively(dir);
          throw portTakenOrFailed;
        }
      }
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(
        executable.toString(),
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--save", "",
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--dir", dir.toString(),
        "--logfile", dir.resolve("redis.log").toString(),
        "--daemonize", "no"));
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    RUNNING.add(this);
  }

  /** Polls PING until it answers or the deadline passes; fails early if the process died. */
  private void awaitPing(Process watched) {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (watched != null && !watched.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + watched.exitValue() + ": " + log());
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      pause(Duration.ofMillis(10));
    }
    throw new IllegalStateException("Redis did not answer PING within " + START_DEADLINE
        + (last == null ? "" : " (" + last + ")") + (watched == null ? "" : ": " + log()));
  }

  private void destroy(boolean forcibly) {
    Process current = process;
    if (current == null) {
      return;
    }
    try {
      if (forcibly) {
        current.destroyForcibly();
      } else {
        current.destroy();
      }
      if (!current.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        current.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(this);
    }
  }

  private void requireOwnServer(String what) {
    Assumptions.assumeFalse(external != null,
        what + " needs a redis-server started by the test; REDIS_URL's server cannot be " + what);
  }

  /**
   * Sends one command in RESP and reads a simple reply (status, integer or bulk string). Enough
   * for PING, FLUSHDB, AUTH and SELECT; tests use a real client for anything else.
   */
  private String command(String... args) throws IOException {
    String host = external != null ? external.getHost() : "127.0.0.1";
    int to = external != null ? (external.getPort() > 0 ? external.getPort() : 6379) : port;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, to), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      if (external != null) {
        authenticateAndSelect(out, in);
      }
      write(out, args);
      return read(in);
    }
  }

  private void authenticateAndSelect(OutputStream out, InputStream in) throws IOException {
    String userInfo = external.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      String password = java.net.URLDecoder.decode(
          colon < 0 ? userInfo : userInfo.substring(colon + 1), StandardCharsets.UTF_8);
      if (user.isEmpty()) {
        write(out, "AUTH", password);
      } else {
        write(out, "AUTH", user, password);
      }
      read(in);
    }
    String path = external.getPath();
    if (path != null && path.length() > 1) {
      write(out, "SELECT", path.substring(1));
      read(in);
    }
  }

  private static void write(OutputStream out, String... args) throws IOException {
    StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String read(InputStream in) throws IOException {
    String line = readLine(in);
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    switch (line.charAt(0)) {
      case '+':
      case ':':
        return line.substring(1);
      case '-':
        // Do not echo the arguments: an AUTH error must not show the password (it does not, but
        // the rule is simple to keep).
        throw new IOException("Redis error: " + line.substring(1));
      case '$':
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      default:
        throw new IOException("unexpected reply type " + line.charAt(0));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("connection closed");
  }

  private String log() {
    try {
      Path log = dir.resolve("redis.log");
      Path out = dir.resolve("stdout.log");
      String text = (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Redis", e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
