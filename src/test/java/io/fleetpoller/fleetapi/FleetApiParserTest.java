package io.fleetpoller.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetpoller.fleetapi.FleetApiParser.ErrorBody;
import io.fleetpoller.fleetapi.FleetApiParser.MalformedBodyException;
import io.fleetpoller.fleetapi.FleetApiParser.VehiclePage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FleetApiParserTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static byte[] resource(String name) {
    try (InputStream in = FleetApiParserTest.class.getResourceAsStream("/fleetapi/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode sampleVehicleData() {
    try {
      return (ObjectNode) JSON.readTree(resource("vehicle_data.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static VehicleData vehicleData(JsonNode root) {
    return FleetApiParser.vehicleData(FleetApiParser.readTree(root.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static ObjectNode section(ObjectNode root, String name) {
    return (ObjectNode) root.path("response").path(name);
  }

  @Test
  void theFullSampleParsesIntoEverySection() {
    VehicleData data = vehicleData(sampleVehicleData());

    assertThat(data.id()).isEqualTo(1234L);
    assertThat(data.vin()).isEqualTo("LRWXF7EK4KC700000");
    assertThat(data.state()).isEqualTo(VehicleOnlineState.ONLINE);
    assertThat(data.displayName()).as("falls back to vehicle_state.vehicle_name").isEqualTo("Test");
    assertThat(data.charge()).isEqualTo(new ChargeState(77, 77, 266.87, "Stopped", 0.0, 0.0, 80, 2, 0, 0.0,
        1705707520649L));
    assertThat(data.drive()).isEqualTo(new DriveState(null, null, -7.0, -30.222626, -97.6236871, 185,
        1705707520649L));
    assertThat(data.climate()).isEqualTo(new ClimateState(29.8, 30.0, true, false, 1705707520649L));
    assertThat(data.vehicle()).isEqualTo(new VehicleStatus(6481.019282, false, false, false,
        "2023.44.30.8 06f534d46010", "Test", 1705707520649L));
  }

  @Test
  void displayNameWinsOverTheVehicleName() {
    ObjectNode root = sampleVehicleData();
    ((ObjectNode) root.get("response")).put("display_name", "Daily");

    assertThat(vehicleData(root).displayName()).isEqualTo("Daily");
  }

  @Test
  void nullFieldsAreNullAndTheRestParses() {
    ObjectNode root = sampleVehicleData();
    section(root, "charge_state").putNull("battery_level").putNull("charging_state").putNull("timestamp");
    section(root, "vehicle_state").putNull("locked");
    ((ObjectNode) root.get("response")).putNull("state").putNull("vin");

    VehicleData data = vehicleData(root);

    assertThat(data.charge().batteryLevel()).isNull();
    assertThat(data.charge().chargingState()).isNull();
    assertThat(data.charge().timestamp()).isNull();
    assertThat(data.charge().chargeLimitSoc()).isEqualTo(80);
    assertThat(data.vehicle().locked()).isNull();
    assertThat(data.vehicle().odometerMiles()).isEqualTo(6481.019282);
    assertThat(data.state()).isEqualTo(VehicleOnlineState.UNKNOWN);
    assertThat(data.vin()).isNull();
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("numeric string", (Function<ObjectNode, ObjectNode>) c -> c.put("battery_level", "77")),
        Arguments.of("placeholder string", (Function<ObjectNode, ObjectNode>) c -> c.put("battery_level", "<invalid>")),
        Arguments.of("object", (Function<ObjectNode, ObjectNode>) c -> { c.putObject("battery_level").put("v", 77); return c; }),
        Arguments.of("array", (Function<ObjectNode, ObjectNode>) c -> { c.putArray("battery_level").add(77); return c; }),
        Arguments.of("boolean", (Function<ObjectNode, ObjectNode>) c -> c.put("battery_level", true)),
        Arguments.of("fraction", (Function<ObjectNode, ObjectNode>) c -> c.put("battery_level", 77.5)),
        Arguments.of("too big for an int", (Function<ObjectNode, ObjectNode>) c -> c.put("battery_level", 1L << 40)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void aNumberFieldOfTheWrongTypeIsNullAndTheRestParses(String what, Function<ObjectNode, ObjectNode> corrupt) {
    ObjectNode root = sampleVehicleData();
    corrupt.apply(section(root, "charge_state"));

    ChargeState charge = vehicleData(root).charge();

    assertThat(charge.batteryLevel()).isNull();
    assertThat(charge.usableBatteryLevel()).isEqualTo(77);
    assertThat(charge.batteryRange()).isEqualTo(266.87);
  }

  @Test
  void textAndBooleanFieldsOfTheWrongTypeAreNull() {
    ObjectNode root = sampleVehicleData();
    section(root, "charge_state").put("charging_state", 3);
    section(root, "climate_state").put("is_climate_on", "true").putArray("inside_temp");
    section(root, "drive_state").put("latitude", "30.2").putObject("heading");

    VehicleData data = vehicleData(root);

    assertThat(data.charge().chargingState()).isNull();
    assertThat(data.climate().climateOn()).isNull();
    assertThat(data.climate().insideTempC()).isNull();
    assertThat(data.climate().outsideTempC()).isEqualTo(30.0);
    assertThat(data.drive().latitude()).isNull();
    assertThat(data.drive().heading()).isNull();
    assertThat(data.drive().longitude()).isEqualTo(-97.6236871);
  }

  @Test
  void aWholeFloatingNumberIsAcceptedForAnIntegerField() {
    ObjectNode root = sampleVehicleData();
    section(root, "charge_state").put("battery_level", 77.0).put("timestamp", 1705707520649.0);

    assertThat(vehicleData(root).charge().batteryLevel()).isEqualTo(77);
    assertThat(vehicleData(root).charge().timestamp()).isEqualTo(1705707520649L);
  }

  @Test
  void unknownFieldsAreIgnored() {
    ObjectNode root = sampleVehicleData();
    ((ObjectNode) root.get("response")).putObject("brand_new_section").put("x", 1);
    section(root, "charge_state").putArray("brand_new_field").add("y");
    root.put("top_level_extra", true);

    assertThat(vehicleData(root)).isEqualTo(vehicleData(sampleVehicleData()));
  }

  @Test
  void missingOrNonObjectSectionsAreNullRecords() {
    ObjectNode root = sampleVehicleData();
    ObjectNode response = (ObjectNode) root.get("response");
    response.remove("charge_state");
    response.remove("drive_state");
    response.putNull("climate_state");
    response.put("vehicle_state", "unavailable");

    VehicleData data = vehicleData(root);

    assertThat(data.charge()).isNull();
    assertThat(data.drive()).isNull();
    assertThat(data.climate()).isNull();
    assertThat(data.vehicle()).isNull();
    assertThat(data.displayName()).isNull();
    assertThat(data.id()).isEqualTo(1234L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"response\":null}", "{}", "{\"response\":[]}", "{\"response\":\"ok\"}", "[]", "42"})
  void aSuccessWithoutAResponseObjectIsMalformed(String body) {
    JsonNode root = FleetApiParser.readTree(bytes(body));

    assertThatThrownBy(() -> FleetApiParser.vehicleData(root)).isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("response");
    assertThatThrownBy(() -> FleetApiParser.vehicleSummary(root)).isInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> FleetApiParser.userRegion(root)).isInstanceOf(MalformedBodyException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"response\":null}", "{\"response\":{}}", "{}"})
  void aVehicleListWithoutAResponseArrayIsMalformed(String body) {
    JsonNode root = FleetApiParser.readTree(bytes(body));

    assertThatThrownBy(() -> FleetApiParser.vehiclePage(root)).isInstanceOf(MalformedBodyException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<html><body>Bad gateway access_token=eyJhbGciOiJSUzI1NiJ9.secret</body></html>",
      "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.secret\"",
      "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.secret\"} trailing",
      "", " "})
  void aBodyThatIsNotJsonIsMalformedAndNeverQuoted(String body) {
    assertThatThrownBy(() -> FleetApiParser.readTree(bytes(body)))
        .isInstanceOf(MalformedBodyException.class)
        .message().doesNotContain("secret").doesNotContain("eyJ").doesNotContain("html");
  }

  static Stream<Arguments> sampleErrors() {
    return Stream.of(
        Arguments.of("408_asleep", "vehicle unavailable: vehicle is offline or asleep", "", null),
        Arguments.of("401_access_expired", "token expired (401)", null, null),
        Arguments.of("401_login_required", "login_required", "The refresh_token is invalid", "0a1b2c3d"),
        Arguments.of("401_login_required_short", "login_required", "Login required", null),
        Arguments.of("401_unknown_user", "unknown user", null, null),
        Arguments.of("401_mobile_access_disabled", "mobile_access_disabled", "", null),
        Arguments.of("403_missing_scopes", "Unauthorized missing scopes", "", null),
        Arguments.of("403_unsupported_vehicle", "unsupported vehicle", "", null),
        Arguments.of("403_billing_limit", "account disabled: EXCEEDED_LIMIT", null, null),
        Arguments.of("412_not_registered", "Account 0000-client-id must be registered in the current region "
            + "https://fleet-api.prd.na.vn.cloud.tesla.com, please see "
            + "https://developer.tesla.com/docs/fleet-api/endpoints/partner-endpoints#register", null, null),
        Arguments.of("421_wrong_region", "user out of region, use base URL: https://fleet-api.prd.eu.vn.cloud.tesla.com,"
            + " see https://developer.tesla.com/docs/fleet-api#regional-requirements", "", "6a2f0d3c"),
        Arguments.of("429_rate_limited", "Retry in 37 seconds", "", null),
        Arguments.of("400_invalid_redirect", "invalid_redirect_url",
            "The authorize redirect URI and token redirect URI must match.", null),
        Arguments.of("400_invalid_auth_code", "invalid_auth_code", "The authorization code is invalid or expired.", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleErrors")
  void errorBodiesFromTheSamplesGiveErrorDescriptionAndTxid(String key, String error, String description, String txid)
      throws IOException {
    byte[] body = bytes(JSON.readTree(resource("errors.json")).get(key).toString());

    assertThat(FleetApiParser.errorBody(body)).isEqualTo(new ErrorBody(error, description, txid));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "<html>502 Bad Gateway</html>", "[\"error\"]", "null", "{\"error\":{\"code\":1}}"})
  void anErrorBodyWithoutTeslasFieldsGivesNone(String body) {
    assertThat(FleetApiParser.errorBody(bytes(body))).isEqualTo(ErrorBody.NONE);
  }

  static final Instant NOW = Instant.parse("2026-01-20T10:00:00Z");

  @ParameterizedTest(name = "header={0} body={1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "37, NULL, PT37S",
      "' 120 ', NULL, PT2M",
      "0, NULL, PT0S",
      "'Tue, 20 Jan 2026 10:01:30 GMT', NULL, PT1M30S",
      "'Tue, 20 Jan 2026 09:59:00 GMT', NULL, PT0S",
      "NULL, Retry in 37 seconds, PT37S",
      "NULL, retry in 1 second, PT1S",
      "soon, Retry in 5 seconds, PT5S",
      "10, Retry in 37 seconds, PT10S",
      "soon, NULL, NULL",
      "NULL, vehicle unavailable, NULL",
      "-5, NULL, NULL",
      "NULL, NULL, NULL"})
  void retryAfterReadsSecondsDatesAndTeslasBodyText(String header, String body, String expected) {
    Duration parsed = FleetApiParser.retryAfter(header, body, NOW);

    assertThat(parsed).isEqualTo(expected == null ? null : Duration.parse(expected));
  }

  @Test
  void rateLimitHeadersAreKeptWithLowerCasedNames() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("RateLimit-Limit", "100");
    headers.put("RateLimit-Remaining", "0");
    headers.put("X-RateLimit-Reset", "37");
    headers.put("Retry-After", "37");
    headers.put("Content-Type", "application/json");

    assertThat(FleetApiParser.rateLimitHeaders(headers.entrySet())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ratelimit-limit", "100", "ratelimit-remaining", "0", "x-ratelimit-reset", "37"));
  }

  @Test
  void aVehicleListPageParsesEveryVehicleAndItsPagination() {
    VehiclePage page = FleetApiParser.vehiclePage(FleetApiParser.readTree(resource("vehicles_page.json")));

    assertThat(page.vehicles()).containsExactly(
        new VehicleSummary(100021L, "100021", "5YJ3E1EA7KF000001", "Daily", VehicleOnlineState.ASLEEP, false),
        new VehicleSummary(100022L, "100022", "LRWXF7EK4KC700000", "Weekend", VehicleOnlineState.ONLINE, true));
    assertThat(page.nextPage(1, 2, 2)).isEqualTo(2);
  }

  @Test
  void aVehicleWithoutIdSUsesItsIdAndNonObjectsInTheListAreSkipped() {
    VehiclePage page = FleetApiParser.vehiclePage(FleetApiParser.readTree(bytes(
        "{\"response\":[{\"id\":7,\"state\":\"OFFLINE\",\"in_service\":\"yes\"},null,3,{\"vin\":\"V\"}]}")));

    assertThat(page.vehicles()).containsExactly(
        new VehicleSummary(7L, "7", null, null, VehicleOnlineState.OFFLINE, false),
        new VehicleSummary(0L, null, "V", null, VehicleOnlineState.UNKNOWN, false));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "NULL", delimiter = '|', value = {
      "tesla says next                 | {\"response\":[{\"id\":1}],\"pagination\":{\"next\":3}}       | 2 | 1  | 3",
      "tesla says no next              | {\"response\":[{\"id\":1}],\"pagination\":{\"next\":null}}    | 2 | 1  | NULL",
      "next that goes backwards        | {\"response\":[{\"id\":1}],\"pagination\":{\"next\":1}}       | 2 | 1  | NULL",
      "empty page                      | {\"response\":[],\"pagination\":{\"next\":3}}                 | 2 | 0  | NULL",
      "count says more                 | {\"response\":[{\"id\":1}],\"count\":5}                       | 1 | 1  | 2",
      "count reached                   | {\"response\":[{\"id\":1}],\"count\":1}                       | 1 | 1  | NULL",
      "no hints, short page            | {\"response\":[{\"id\":1}]}                                   | 1 | 1  | NULL"})
  void theNextPageFollowsPaginationThenCountThenPageSize(String what, String body, int page, int fetched,
      Integer expected) {
    VehiclePage parsed = FleetApiParser.vehiclePage(FleetApiParser.readTree(bytes(body)));

    assertThat(parsed.nextPage(page, 100, fetched)).isEqualTo(expected);
  }

  @Test
  void aFullPageWithoutHintsAsksForTheNextOne() {
    VehiclePage parsed = new VehiclePage(List.of(
        new VehicleSummary(1, "1", null, null, VehicleOnlineState.ONLINE, false)), null, false, null);

    assertThat(parsed.nextPage(4, 1, 4)).isEqualTo(5);
  }

  @Test
  void theVehicleAnswerParsesIntoASummary() {
    VehicleSummary summary = FleetApiParser.vehicleSummary(FleetApiParser.readTree(bytes(
        "{\"response\":{\"id\":100021,\"vehicle_id\":99999,\"vin\":\"5YJ\",\"display_name\":\"D\","
            + "\"state\":\"asleep\",\"in_service\":false,\"id_s\":\"100021\"}}")));

    assertThat(summary).isEqualTo(new VehicleSummary(100021L, "100021", "5YJ", "D", VehicleOnlineState.ASLEEP, false));
  }

  @Test
  void theRegionAnswerParses() {
    UserRegion region = FleetApiParser.userRegion(FleetApiParser.readTree(bytes(
        "{\"response\":{\"region\":\"eu\",\"fleet_api_base_url\":\"https://fleet-api.prd.eu.vn.cloud.tesla.com\"}}")));

    assertThat(region).isEqualTo(new UserRegion("eu", "https://fleet-api.prd.eu.vn.cloud.tesla.com"));
  }

  @Test
  void aTokenResponseParsesWithItsScopes() {
    TokenResponse token = FleetApiParser.tokenResponse(FleetApiParser.readTree(bytes(
        "{\"access_token\":\"eyJ.access\",\"refresh_token\":\"NA_refresh\",\"id_token\":\"eyJ.id\","
            + "\"expires_in\":28800,\"state\":\"s\",\"token_type\":\"Bearer\","
            + "\"scope\":\"openid offline_access  vehicle_device_data\"}")));

    assertThat(token).isEqualTo(new TokenResponse("eyJ.access", "NA_refresh", "eyJ.id", Duration.ofHours(8), "Bearer",
        List.of("openid", "offline_access", "vehicle_device_data")));
  }

  @Test
  void aTokenResponseWithoutOptionalFieldsParses() {
    TokenResponse token = FleetApiParser.tokenResponse(FleetApiParser.readTree(bytes(
        "{\"access_token\":\"eyJ.partner\",\"expires_in\":\"soon\"}")));

    assertThat(token).isEqualTo(new TokenResponse("eyJ.partner", null, null, null, null, List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"refresh_token\":\"NA_secret\"}", "{\"access_token\":null}", "{\"access_token\":\"\"}",
      "[\"NA_secret\"]"})
  void aTokenResponseWithoutAnAccessTokenIsMalformedAndNotQuoted(String body) {
    JsonNode root = FleetApiParser.readTree(bytes(body));

    assertThatThrownBy(() -> FleetApiParser.tokenResponse(root)).isInstanceOf(MalformedBodyException.class)
        .message().contains("access_token").doesNotContain("NA_secret");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"online, ONLINE", "ASLEEP, ASLEEP", "offline, OFFLINE",
      "waking, UNKNOWN", "'', UNKNOWN", "NULL, UNKNOWN"})
  void onlineStatesParseInAnyCase(String wire, VehicleOnlineState expected) {
    assertThat(VehicleOnlineState.parse(wire)).isEqualTo(expected);
  }

  @Test
  void everyEndpointRoundTripsThroughItsWireName() {
    for (VehicleDataEndpoint endpoint : VehicleDataEndpoint.values()) {
      assertThat(VehicleDataEndpoint.fromWireName(endpoint.wireName())).contains(endpoint);
    }
    assertThat(VehicleDataEndpoint.fromWireName("location_data")).contains(VehicleDataEndpoint.LOCATION_DATA);
    assertThat(VehicleDataEndpoint.fromWireName("CHARGE_STATE")).isEmpty();
    assertThat(VehicleDataEndpoint.fromWireName(null)).isEmpty();
  }
}
