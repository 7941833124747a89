package io.fleetpoller.coord;

import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/** Reading Redis replies the same way everywhere. */
public final class RedisReplies {

  private RedisReplies() {}

  /**
   * A hash reply ({@code HGETALL}) as a map: RESP3 sends a map, RESP2 a flat list of field, value,
   * field, value. A null reply (no key) is an empty map.
   */
  public static Map<String, String> hash(Response reply) {
    Map<String, String> fields = new HashMap<>();
    if (reply == null) {
      return fields;
    }
    if (reply.isMap()) {
      for (String field : reply.getKeys()) {
        fields.put(field, reply.get(field).toString());
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
      }
    }
    return fields;
  }
}
