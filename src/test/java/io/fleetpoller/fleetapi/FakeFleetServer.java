package io.fleetpoller.fleetapi;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback HTTP server that records what it received and answers as the test says. */
final class FakeFleetServer {

  /** One request as the server saw it, body included. */
  record Received(HttpMethod method, String uri, String path, String endpointsParam, MultiMap headers, String body) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicBoolean connectionClosed = new AtomicBoolean();
  final AtomicLong bytesWritten = new AtomicLong();
  private final HttpServer server;
  private volatile Handler<HttpServerRequest> answer = req -> req.response().setStatusCode(404).end();

  private FakeFleetServer(HttpServer server) {
    this.server = server;
  }

  static FakeFleetServer start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    FakeFleetServer fake = new FakeFleetServer(server);
    server.connectionHandler(connection -> connection.closeHandler(v -> fake.connectionClosed.set(true)));
    server.requestHandler(req -> req.body().onSuccess(body -> {
      fake.received.add(new Received(req.method(), req.uri(), req.path(), req.getParam("endpoints"),
          MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString()));
      fake.answer.handle(req);
    }));
    server.listen(0, "127.0.0.1").await();
    return fake;
  }

  FakeFleetServer answer(Handler<HttpServerRequest> handler) {
    this.answer = handler;
    return this;
  }

  /** Answers every request with this status and JSON body. */
  FakeFleetServer answerJson(int status, String json) {
    return answer(req -> json(req.response().setStatusCode(status), json));
  }

  static void json(HttpServerResponse response, String json) {
    response.putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Received only() {
    if (received.size() != 1) {
      throw new AssertionError("expected one request, got " + received);
    }
    return received.get(0);
  }

  /**
   * Writes {@code total} bytes of a JSON-looking body, respecting back-pressure, until done or the
   * client goes away; counts what it wrote.
   */
  void stream(HttpServerResponse response, long total) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    response.write("{\"response\":{\"pad\":\"");
    // 20 bytes before the padding, 3 after: exactly {@code total} in all.
    writeChunks(response, Buffer.buffer(chunk), total - 23);
  }

  private void writeChunks(HttpServerResponse response, Buffer chunk, long remaining) {
    while (remaining > 0 && !connectionClosed.get()) {
      if (response.writeQueueFull()) {
        long left = remaining;
        response.drainHandler(v -> writeChunks(response, chunk, left));
        return;
      }
      Buffer part = remaining >= chunk.length() ? chunk : chunk.slice(0, (int) remaining);
      response.write(part);
      bytesWritten.addAndGet(part.length());
      remaining -= part.length();
    }
    if (!connectionClosed.get()) {
      response.end("\"}}");
    }
  }
}
