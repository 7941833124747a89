package io.fleetpoller.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Faults injected through {@code POST /sim/faults}, matched in the order they were added. A fault
 * for endpoint {@code any} hits every {@code /api/1} endpoint but not the token endpoint, which is
 * only faulted when named ({@code "endpoint":"token"}), so a blanket fault does not also break
 * logins. Not thread-safe; the {@link Simulation} guards it.
 */
final class FaultInjector {

  static final Set<String> ENDPOINTS = Set.of("vehicle_data", "list", "vehicle", "wake_up", "region", "token", "any");
  private static final Set<String> FIELDS = Set.of(
      "account", "vin", "endpoint", "status", "body", "headers", "count", "latencyMs", "drop", "rotateThenDrop");

  /** One active fault; {@code remaining} is null when it lasts until cleared. */
  static final class Fault {
    final String id;
    final String account;
    final String vin;
    final String endpoint;
    final Integer status;
    final JsonObject body;
    final Map<String, String> headers;
    final long latencyMs;
    final boolean drop;
    final boolean rotateThenDrop;
    Integer remaining;

    Fault(String id, JsonObject spec) {
      this.id = id;
      this.account = spec.getString("account");
      this.vin = spec.getString("vin");
      this.endpoint = spec.getString("endpoint", "any");
      this.status = spec.getInteger("status");
      this.body = spec.getJsonObject("body");
      Map<String, String> headers = new LinkedHashMap<>();
      spec.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
      this.headers = Map.copyOf(headers);
      this.latencyMs = spec.getLong("latencyMs", 0L);
      this.drop = spec.getBoolean("drop", false);
      this.rotateThenDrop = spec.getBoolean("rotateThenDrop", false);
      this.remaining = spec.getInteger("count");
    }

    boolean matches(String endpoint, String account, String vin) {
      boolean endpointMatches = this.endpoint.equals(endpoint) || (this.endpoint.equals("any") && !endpoint.equals("token"));
      return endpointMatches
          && (this.account == null || this.account.equals(account))
          && (this.vin == null || this.vin.equals(vin));
    }

    /** The answer this fault gives in place of the real one, when it gives one. */
    Optional<ApiReply> reply() {
      if (status == null) {
        return Optional.empty();
      }
      JsonObject answer = body != null ? body.copy()
          : ApiReply.errorBody("simulated fault " + status, "injected by POST /sim/faults");
      return Optional.of(new ApiReply(status, answer, headers));
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("endpoint", endpoint);
      if (account != null) {
        json.put("account", account);
      }
      if (vin != null) {
        json.put("vin", vin);
      }
      if (status != null) {
        json.put("status", status);
      }
      if (body != null) {
        json.put("body", body.copy());
      }
      if (!headers.isEmpty()) {
        json.put("headers", new JsonObject(new LinkedHashMap<String, Object>(headers)));
      }
      return json.put("count", remaining).put("latencyMs", latencyMs).put("drop", drop)
          .put("rotateThenDrop", rotateThenDrop);
    }
  }

  private final List<Fault> faults = new ArrayList<>();
  private long nextId = 1;

  /**
   * Adds a fault described as in {@code POST /sim/faults}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code spec}
   */
  Fault add(JsonObject spec) {
    validate(spec);
    Fault fault = new Fault("fault-" + nextId++, spec);
    faults.add(fault);
    return fault;
  }

  /** The first fault matching this call, counting one use of it. */
  Optional<Fault> take(String endpoint, String account, String vin) {
    for (Fault fault : faults) {
      if (fault.matches(endpoint, account, vin)) {
        if (fault.remaining != null && --fault.remaining <= 0) {
          faults.remove(fault);
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  JsonArray toJson() {
    JsonArray list = new JsonArray();
    faults.forEach(fault -> list.add(fault.toJson()));
    return list;
  }

  void clear() {
    faults.clear();
  }

  boolean remove(String id) {
    return faults.removeIf(fault -> fault.id.equals(id));
  }

  private static void validate(JsonObject spec) {
    for (String field : spec.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown fault field '" + field + "'; known: " + FIELDS);
      }
    }
    requireType(spec, "account", String.class, "a string");
    requireType(spec, "vin", String.class, "a string");
    requireType(spec, "endpoint", String.class, "a string");
    requireType(spec, "status", Integer.class, "an integer");
    requireType(spec, "count", Integer.class, "an integer");
    requireType(spec, "latencyMs", Number.class, "a number");
    requireType(spec, "body", JsonObject.class, "a JSON object");
    requireType(spec, "headers", JsonObject.class, "a JSON object");
    requireType(spec, "drop", Boolean.class, "true or false");
    requireType(spec, "rotateThenDrop", Boolean.class, "true or false");
    String endpoint = spec.getString("endpoint", "any");
    if (!ENDPOINTS.contains(endpoint)) {
      throw new IllegalArgumentException("endpoint must be one of " + ENDPOINTS + ", got '" + endpoint + "'");
    }
    Integer status = spec.getInteger("status");
    if (status != null && (status < 100 || status > 599)) {
      throw new IllegalArgumentException("status must be 100..599, got " + status);
    }
    Integer count = spec.getInteger("count");
    if (count != null && count < 1) {
      throw new IllegalArgumentException("count must be at least 1 (leave it out for a lasting fault)");
    }
    if (spec.getLong("latencyMs", 0L) < 0) {
      throw new IllegalArgumentException("latencyMs must not be negative");
    }
    if (spec.getBoolean("rotateThenDrop", false) && !endpoint.equals("token")) {
      throw new IllegalArgumentException("rotateThenDrop needs \"endpoint\":\"token\"");
    }
    boolean effect = status != null || spec.getLong("latencyMs", 0L) > 0
        || spec.getBoolean("drop", false) || spec.getBoolean("rotateThenDrop", false);
    if (!effect) {
      throw new IllegalArgumentException("a fault needs status, latencyMs, drop or rotateThenDrop");
    }
  }

  private static void requireType(JsonObject spec, String field, Class<?> type, String description) {
    Object value = spec.getValue(field);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException(field + " must be " + description);
    }
  }
}
