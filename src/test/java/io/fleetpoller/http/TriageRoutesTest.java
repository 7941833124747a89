package io.fleetpoller.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.triage.InMemoryTriageLog;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriageRoutesTest {

  private final Vertx vertx = Vertx.vertx();
  private final InMemoryTriageLog log = new InMemoryTriageLog(100);
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void start() {
    Router router = Router.router(vertx);
    TriageRoutes.mount(router, log);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
    log.append(new JsonObject().put("type", "triage").put("reason", "missing_scope").put("account", "a")).await();
    log.append(new JsonObject().put("type", "triage").put("reason", "wrong_region").put("account", "b")).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> get(String query) {
    return client.get(server.actualPort(), "127.0.0.1", "/api/triage" + query).send().await();
  }

  @Test
  void listsNewestFirstAndFiltersByAccountAndReason() {
    JsonArray all = get("").bodyAsJsonArray();
    assertThat(all).hasSize(2);
    assertThat(all.getJsonObject(0).getString("reason")).isEqualTo("wrong_region");
    assertThat(get("?account=a").bodyAsJsonArray()).hasSize(1);
    assertThat(get("?reason=wrong_region&account=a").bodyAsJsonArray()).isEmpty();
    assertThat(get("?limit=1").bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void aBadLimitIsA400WithTheRange() {
    var response = get("?limit=lots");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsString()).contains("1 to 500");
    assertThat(get("?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("?limit=501").statusCode()).isEqualTo(400);
  }
}
