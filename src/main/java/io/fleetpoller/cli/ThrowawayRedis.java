package io.fleetpoller.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A redis-server on a free loopback port for one benchmark run, in memory only, stopped after. */
final class ThrowawayRedis {

  private final Process process;
  private final int port;

  private ThrowawayRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ThrowawayRedis start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process process;
    try {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("no redis-server on PATH: install it (apt-get install redis-server)"
          + " or pass --redis-url", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return new ThrowawayRedis(process, port);
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(20);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
