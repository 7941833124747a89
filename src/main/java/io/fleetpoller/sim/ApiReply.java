package io.fleetpoller.sim;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** One HTTP answer of the simulator: status, JSON body, extra headers. */
record ApiReply(int status, JsonObject body, Map<String, String> headers) {

  ApiReply {
    headers = Map.copyOf(headers);
  }

  static ApiReply ok(Object response) {
    return new ApiReply(200, new JsonObject().put("response", response), Map.of());
  }

  static ApiReply json(int status, JsonObject body) {
    return new ApiReply(status, body, Map.of());
  }

  /** Tesla's error envelope: {@code {"response":null,"error":...,"error_description":...}}. */
  static ApiReply error(int status, String error, String description) {
    return new ApiReply(status, errorBody(error, description), Map.of());
  }

  static JsonObject errorBody(String error, String description) {
    return new JsonObject().putNull("response").put("error", error).put("error_description", description);
  }
}
