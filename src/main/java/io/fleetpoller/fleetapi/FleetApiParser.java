package io.fleetpoller.fleetapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Fleet API and token endpoint bodies into records; no I/O, no clock.
 *
 * <p>Tolerant by design, because Tesla adds, renames and nulls fields between firmware versions:
 * unknown fields are ignored; a field that is null, missing or of the wrong JSON type is null and
 * the rest still parses. Numbers must be JSON numbers: a numeric string such as {@code "77"} is a
 * wrong type (null), so a placeholder like {@code "<invalid>"} is never half-read. Integer fields
 * accept whole floating numbers ({@code 77.0}) and reject fractional ones. A section
 * ({@code charge_state}, ...) that is missing or not an object is a null record.
 *
 * <p>Only the envelope is strict: a 2xx whose {@code response} is null or of the wrong shape, or a
 * body that is not JSON, is a {@link MalformedBodyException}. Its message never quotes the body,
 * which may hold tokens.
 */
final class FleetApiParser {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The 429 body Tesla sends when there is no Retry-After header (FACTS.md, samples/errors.json). */
  private static final Pattern RETRY_IN = Pattern.compile("(?i)retry in (\\d{1,9}) seconds?");

  private FleetApiParser() {}

  /** A body the call cannot use; the message is safe to show (no body excerpt). */
  static final class MalformedBodyException extends RuntimeException {
    MalformedBodyException(String message) {
      super(message, null, false, false);
    }
  }

  /** Tesla's error envelope; every field may be null. */
  record ErrorBody(String error, String errorDescription, String txid) {
    static final ErrorBody NONE = new ErrorBody(null, null, null);
  }

  /** One page of {@code GET /api/1/vehicles}. */
  record VehiclePage(List<VehicleSummary> vehicles, Integer nextPageHint, boolean hasPagination, Long count) {

    /**
     * The page to fetch after {@code page}, or null when this was the last. Uses Tesla's
     * {@code pagination.next} when the body has a pagination object; otherwise the top-level
     * {@code count}; otherwise a short page ends the list.
     */
    Integer nextPage(int page, int perPage, int fetchedSoFar) {
      if (vehicles.isEmpty()) {
        return null;
      }
      if (hasPagination) {
        return nextPageHint != null && nextPageHint > page ? nextPageHint : null;
      }
      if (count != null) {
        return fetchedSoFar < count ? page + 1 : null;
      }
      return vehicles.size() >= perPage ? page + 1 : null;
    }
  }

  // ---- envelopes

  /** The body as a JSON tree; an empty or non-JSON body is malformed. */
  static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedBodyException("the response body is empty");
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new MalformedBodyException("the response body is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new MalformedBodyException("the response body is not JSON");
    } catch (IOException e) {
      throw new MalformedBodyException("the response body could not be read");
    }
  }

  /** Tesla's error fields from any body; a body that is not a JSON object gives {@link ErrorBody#NONE}. */
  static ErrorBody errorBody(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return ErrorBody.NONE;
    }
    if (root == null || !root.isObject()) {
      return ErrorBody.NONE;
    }
    String txid = text(root, "txid");
    return new ErrorBody(
        text(root, "error"), text(root, "error_description"), txid != null ? txid : text(root, "referenceID"));
  }

  // ---- Fleet API bodies

  static VehiclePage vehiclePage(JsonNode root) {
    JsonNode response = root.path("response");
    if (!response.isArray()) {
      throw new MalformedBodyException("the vehicle list has no 'response' array");
    }
    List<VehicleSummary> vehicles = new ArrayList<>();
    for (JsonNode item : response) {
      if (item.isObject()) {
        vehicles.add(summary(item));
      }
    }
    JsonNode pagination = root.path("pagination");
    return new VehiclePage(
        List.copyOf(vehicles), integer(pagination, "next"), pagination.isObject(), longValue(root, "count"));
  }

  static VehicleSummary vehicleSummary(JsonNode root) {
    return summary(responseObject(root, "vehicle"));
  }

  static VehicleData vehicleData(JsonNode root) {
    JsonNode r = responseObject(root, "vehicle_data");
    VehicleStatus vehicle = vehicleStatus(r.path("vehicle_state"));
    String displayName = text(r, "display_name");
    if (displayName == null && vehicle != null) {
      displayName = vehicle.vehicleName();
    }
    return new VehicleData(
        longOrZero(r, "id"),
        text(r, "vin"),
        displayName,
        VehicleOnlineState.parse(text(r, "state")),
        chargeState(r.path("charge_state")),
        driveState(r.path("drive_state")),
        climateState(r.path("climate_state")),
        vehicle);
  }

  static UserRegion userRegion(JsonNode root) {
    JsonNode r = responseObject(root, "region");
    return new UserRegion(text(r, "region"), text(r, "fleet_api_base_url"));
  }

  /** A token endpoint body (not wrapped in {@code response}); an access token is required. */
  static TokenResponse tokenResponse(JsonNode root) {
    String accessToken = root.isObject() ? text(root, "access_token") : null;
    if (accessToken == null || accessToken.isBlank()) {
      throw new MalformedBodyException("the token response has no access_token");
    }
    Long expiresIn = longValue(root, "expires_in");
    String scope = text(root, "scope");
    List<String> scopes = scope == null || scope.isBlank()
        ? List.of()
        : Arrays.asList(scope.trim().split("\\s+"));
    return new TokenResponse(
        accessToken,
        text(root, "refresh_token"),
        text(root, "id_token"),
        expiresIn == null ? null : Duration.ofSeconds(expiresIn),
        text(root, "token_type"),
        scopes);
  }

  // ---- headers

  /**
   * How long to wait before retrying: {@code Retry-After} as delay-seconds or an HTTP-date
   * (relative to {@code now}, never negative); else "Retry in N seconds" in Tesla's 429 error
   * text; else null.
   */
  static Duration retryAfter(String header, String errorText, Instant now) {
    if (header != null && !header.isBlank()) {
      String value = header.trim();
      if (value.matches("\\d{1,12}")) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException e) {
        // Unreadable header: fall back to the body.
      }
    }
    if (errorText != null) {
      Matcher m = RETRY_IN.matcher(errorText);
      if (m.find()) {
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
      }
    }
    return null;
  }

  /** {@code RateLimit-*} and {@code X-RateLimit-*} headers (FACTS.md, "Money and limits"), names lower-cased. */
  static Map<String, String> rateLimitHeaders(Iterable<Map.Entry<String, String>> headers) {
    Map<String, String> found = new TreeMap<>();
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("ratelimit") || name.startsWith("x-ratelimit")) {
        found.merge(name, header.getValue(), (a, b) -> a + ", " + b);
      }
    }
    return found;
  }

  // ---- sections

  private static VehicleSummary summary(JsonNode v) {
    long id = longOrZero(v, "id");
    String idS = text(v, "id_s");
    String vehicleId = idS != null ? idS : (v.path("id").isIntegralNumber() ? Long.toString(id) : null);
    Boolean inService = bool(v, "in_service");
    return new VehicleSummary(
        id,
        vehicleId,
        text(v, "vin"),
        text(v, "display_name"),
        VehicleOnlineState.parse(text(v, "state")),
        Boolean.TRUE.equals(inService));
  }

  private static ChargeState chargeState(JsonNode c) {
    if (!c.isObject()) {
      return null;
    }
    return new ChargeState(
        integer(c, "battery_level"),
        integer(c, "usable_battery_level"),
        decimal(c, "battery_range"),
        text(c, "charging_state"),
        decimal(c, "charger_power"),
        decimal(c, "charge_energy_added"),
        integer(c, "charge_limit_soc"),
        integer(c, "charger_voltage"),
        integer(c, "charger_actual_current"),
        decimal(c, "time_to_full_charge"),
        longValue(c, "timestamp"));
  }

  private static DriveState driveState(JsonNode d) {
    if (!d.isObject()) {
      return null;
    }
    return new DriveState(
        text(d, "shift_state"),
        decimal(d, "speed"),
        decimal(d, "power"),
        decimal(d, "latitude"),
        decimal(d, "longitude"),
        integer(d, "heading"),
        longValue(d, "timestamp"));
  }

  private static ClimateState climateState(JsonNode c) {
    if (!c.isObject()) {
      return null;
    }
    return new ClimateState(
        decimal(c, "inside_temp"),
        decimal(c, "outside_temp"),
        bool(c, "is_climate_on"),
        bool(c, "is_preconditioning"),
        longValue(c, "timestamp"));
  }

  private static VehicleStatus vehicleStatus(JsonNode s) {
    if (!s.isObject()) {
      return null;
    }
    return new VehicleStatus(
        decimal(s, "odometer"),
        bool(s, "locked"),
        bool(s, "is_user_present"),
        bool(s, "sentry_mode"),
        text(s, "car_version"),
        text(s, "vehicle_name"),
        longValue(s, "timestamp"));
  }

  // ---- fields

  private static JsonNode responseObject(JsonNode root, String what) {
    JsonNode response = root.path("response");
    if (!response.isObject()) {
      throw new MalformedBodyException(
          "the " + what + " answer has " + (response.isMissingNode() ? "no" : "a null or non-object") + " 'response'");
    }
    return response;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.textValue() : null;
  }

  private static Boolean bool(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isBoolean() ? v.booleanValue() : null;
  }

  private static Double decimal(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? v.doubleValue() : null;
  }

  private static Integer integer(JsonNode node, String field) {
    Long value = longValue(node, field);
    return value != null && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? value.intValue() : null;
  }

  private static Long longValue(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v.longValue() : null;
    }
    if (v.isFloatingPointNumber()) {
      double d = v.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d : null;
    }
    return null;
  }

  private static long longOrZero(JsonNode node, String field) {
    Long value = longValue(node, field);
    return value == null ? 0L : value;
  }
}
