package io.fleetpoller.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpoller.fleetapi.VehicleData;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The latest vehicle_data of one car as {@link SharedSnapshots} keep it: whose account, which car,
 * when it was taken and what it said. {@code at} is kept to the millisecond (truncated here), since
 * that is what the stored form holds and what "newer" is judged on.
 *
 * <p>JSON form: {@code {"account": …, "vehicle": …, "at": epoch ms, "data": {…}}}, {@code data}
 * being {@link VehicleData} as Jackson writes a record (component names, nested sections, null
 * where a section or field is null, the online state by enum name).
 */
public record StoredSnapshot(String account, String vehicle, Instant at, VehicleData data) {

  /** The JSON field holding epoch milliseconds; the Redis put script compares on it. */
  static final String AT = "at";

  // Unknown properties are ignored so a snapshot written by a later version still reads.
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public StoredSnapshot {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(vehicle, "vehicle");
    Objects.requireNonNull(data, "data");
    at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
  }

  public JsonObject toJson() {
    try {
      return new JsonObject(JSON.writeValueAsString(new Wire(account, vehicle, at.toEpochMilli(), data)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the snapshot of vehicle " + vehicle + " as JSON", e);
    }
  }

  /**
   * The snapshot {@code json} holds.
   *
   * @throws IllegalArgumentException when it is not a snapshot: a field missing or of the wrong type
   */
  public static StoredSnapshot fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    Wire wire;
    try {
      wire = JSON.readValue(json.encode(), Wire.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a stored snapshot: " + e.getOriginalMessage());
    }
    if (wire.account() == null || wire.account().isBlank()) {
      throw new IllegalArgumentException("not a stored snapshot: no account");
    }
    if (wire.vehicle() == null || wire.vehicle().isBlank()) {
      throw new IllegalArgumentException("not a stored snapshot: no vehicle");
    }
    if (wire.at() == null) {
      throw new IllegalArgumentException("not a stored snapshot: no " + AT);
    }
    if (wire.data() == null) {
      throw new IllegalArgumentException("not a stored snapshot: no data");
    }
    return new StoredSnapshot(wire.account(), wire.vehicle(), Instant.ofEpochMilli(wire.at()), wire.data());
  }

  /** The stored shape; {@code at} is boxed so a missing one is told from 0. */
  record Wire(String account, String vehicle, Long at, VehicleData data) {}
}
