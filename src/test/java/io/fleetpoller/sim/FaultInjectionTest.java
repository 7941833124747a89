package io.fleetpoller.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private SimHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aFaultAnswersItsStatusForCountCallsThenTheRealAnswerReturns() {
    h = SimHarness.start(SimulatorOptions.defaults().withAccounts(2));
    String token = h.login("acct-1").getString("access_token");
    String other = h.login("acct-2").getString("access_token");
    JsonObject body = new JsonObject().put("error", "account disabled: EXCEEDED_LIMIT");
    HttpResponse<Buffer> added = h.addFault(new JsonObject().put("account", "acct-1").put("endpoint", "list")
        .put("status", 403).put("body", body).put("headers", new JsonObject().put("X-Sim", "yes")).put("count", 2));
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.bodyAsJsonObject().getString("id")).isNotBlank();
    assertThat(h.get("/api/1/vehicles", other).statusCode()).isEqualTo(200); // another account
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> faulted = h.get("/api/1/vehicles", token);
      assertThat(faulted.statusCode()).isEqualTo(403);
      assertThat(faulted.bodyAsJsonObject()).isEqualTo(body);
      assertThat(faulted.getHeader("X-Sim")).isEqualTo("yes");
    }
    assertThat(h.get("/api/1/vehicles", token).statusCode()).isEqualTo(200);
    assertThat(h.get("/sim/faults", null).bodyAsJsonObject().getJsonArray("response")).isEmpty();
  }

  @Test
  void aDropFaultClosesTheConnectionWithoutAnAnswer() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = h.login("acct-1").getString("access_token");
    h.addFault(new JsonObject().put("endpoint", "region").put("drop", true).put("count", 1));
    Throwable failure = catchThrowable(() -> h.get("/api/1/users/region", token));
    assertThat(failure).isNotNull();
    assertThat(h.get("/api/1/users/region", token).statusCode()).isEqualTo(200);
    assertThat(h.sim.ledger().getJsonObject("requests").getLong("region")).isEqualTo(2);
  }

  @Test
  void aLatencyFaultDelaysTheRealAnswer() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String token = h.login("acct-1").getString("access_token");
    h.addFault(new JsonObject().put("endpoint", "any").put("latencyMs", 300));
    long started = System.nanoTime();
    HttpResponse<Buffer> response = h.get("/api/1/users/region", token);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    // "any" does not reach the token endpoint, so logins still work.
    assertThat(h.login("acct-1").getString("access_token")).isNotBlank();
  }

  @Test
  void rotateThenDropSpendsTheRefreshTokenButLosesTheAnswer() {
    h = SimHarness.start(SimulatorOptions.defaults());
    JsonObject first = h.login("acct-1");
    h.addFault(new JsonObject().put("endpoint", "token").put("account", "acct-1").put("rotateThenDrop", true)
        .put("count", 1));
    assertThat(catchThrowable(() -> h.refresh(first.getString("refresh_token")))).isNotNull();
    HttpResponse<Buffer> retry = h.refresh(first.getString("refresh_token"));
    assertThat(retry.statusCode()).isEqualTo(401);
    assertThat(retry.bodyAsJsonObject().getString("error")).isEqualTo("login_required");
    JsonObject ledger = h.sim.ledger();
    assertThat(ledger.getJsonObject("token_grants").getLong("refresh_token")).isEqualTo(1);
    assertThat(ledger.getLong("refresh_token_reuse")).isEqualTo(1);
  }

  @Test
  void faultsAreListedAndClearedOneByOneOrAllAtOnce() {
    h = SimHarness.start(SimulatorOptions.defaults());
    String id = h.addFault(new JsonObject().put("status", 500)).bodyAsJsonObject().getString("id");
    h.addFault(new JsonObject().put("endpoint", "wake_up").put("status", 408));
    JsonArray listed = h.get("/sim/faults", null).bodyAsJsonObject().getJsonArray("response");
    assertThat(listed).hasSize(2);
    assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(h.web.deleteAbs(h.sim.baseUrl() + "/sim/faults/" + id).send().await().statusCode()).isEqualTo(200);
    assertThat(h.get("/sim/faults", null).bodyAsJsonObject().getJsonArray("response")).hasSize(1);
    assertThat(h.web.deleteAbs(h.sim.baseUrl() + "/sim/faults").send().await().statusCode()).isEqualTo(200);
    assertThat(h.get("/sim/faults", null).bodyAsJsonObject().getJsonArray("response")).isEmpty();
  }

  @Test
  void aMalformedFaultIs400WithAMessage() {
    h = SimHarness.start(SimulatorOptions.defaults());
    HttpResponse<Buffer> notJson = h.web.postAbs(h.sim.baseUrl() + "/sim/faults")
        .sendBuffer(Buffer.buffer("{oops")).await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> unknownField = h.addFault(new JsonObject().put("statsu", 500));
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.bodyAsJsonObject().getString("error_description")).contains("statsu");
    assertThat(h.addFault(new JsonObject().put("endpoint", "everything").put("status", 500)).statusCode()).isEqualTo(400);
    assertThat(h.addFault(new JsonObject().put("status", "five hundred")).statusCode()).isEqualTo(400);
    assertThat(h.addFault(new JsonObject().put("count", 2)).statusCode()).isEqualTo(400);
  }
}
