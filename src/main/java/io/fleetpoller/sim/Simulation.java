package io.fleetpoller.sim;

import io.fleetpoller.clock.FleetClock;
import io.fleetpoller.config.ApiCallKind;
import io.fleetpoller.sim.FaultInjector.Fault;
import io.fleetpoller.sim.SimOAuthServer.Authentication;
import io.fleetpoller.sim.SimOAuthServer.AuthorizeOutcome;
import io.fleetpoller.sim.SimOAuthServer.Caller;
import io.fleetpoller.sim.SimOAuthServer.TokenOutcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The simulated world behind the HTTP routes: cars, OAuth server, ledger and faults. Every method
 * is synchronized, so the event loop and a test thread reading the ledger see one consistent state;
 * none blocks for long (cars advance in a few event steps).
 */
final class Simulation {

  /** An authenticated API call, with the car it is about (null for list and region). */
  record Identified(ApiCallKind kind, Caller caller, SimVehicle vehicle) {
    String account() {
      return caller.account();
    }

    String vin() {
      return vehicle == null ? null : vehicle.vin();
    }
  }

  /** The first phase of an API call: a rejection to send, or the call and maybe a fault to apply. */
  record Preparation(ApiReply rejection, Identified call, Fault fault) {}

  /** The region this simulator serves; an account moved elsewhere is out of region here. */
  static final String HOME_REGION = "na";
  /** Tesla's regional base URLs (FACTS.md, "Regions"), named to an account out of region. */
  static final Map<String, String> TESLA_BASE_URLS = Map.of(
      "na", "https://fleet-api.prd.na.vn.cloud.tesla.com",
      "eu", "https://fleet-api.prd.eu.vn.cloud.tesla.com",
      "cn", "https://fleet-api.prd.cn.vn.cloud.tesla.cn");

  private final SimulatorOptions options;
  private final FleetClock clock;
  private final List<SimVehicle> vehicles = new ArrayList<>();
  private final Map<String, SimVehicle> vehiclesByRef = new HashMap<>();
  private final List<String> accounts = new ArrayList<>();
  private final SimOAuthServer oauth;
  private final BillingLedger ledger;
  private final FaultInjector faults = new FaultInjector();
  private final Map<String, String> regions = new HashMap<>();
  private volatile String baseUrl = "http://127.0.0.1";

  Simulation(SimulatorOptions options, FleetClock clock) {
    this.options = options;
    this.clock = clock;
    for (int a = 1; a <= options.accounts(); a++) {
      accounts.add("acct-" + a);
    }
    Instant now = clock.now();
    for (int i = 0; i < options.vehicles(); i++) {
      VehicleTraits traits = VehicleTraits.of(options.seed(), i);
      SimVehicle car = new SimVehicle(options.seed(), traits, accounts.get(i % accounts.size()),
          options.sleepAfter(), options.rateLimitPerMinute(), now);
      vehicles.add(car);
      vehiclesByRef.put(traits.vin(), car);
      vehiclesByRef.put(String.valueOf(traits.id()), car);
    }
    this.oauth = new SimOAuthServer(options, new TokenMint(new SecureRandom()), () -> baseUrl, List.copyOf(accounts),
        account -> regionOf(account).toUpperCase(Locale.ROOT));
    this.ledger = new BillingLedger(options.pricing(), vins(), accounts);
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  List<String> vins() {
    return vehicles.stream().map(SimVehicle::vin).toList();
  }

  List<String> accounts() {
    return List.copyOf(accounts);
  }

  /** Moves an account to region {@code na}, {@code eu} or {@code cn}; see {@link FleetSimulator#accountRegion}. */
  synchronized void accountRegion(String account, String region) {
    if (!accounts.contains(account)) {
      throw new IllegalArgumentException("no simulated account " + account + "; there are " + accounts);
    }
    if (!TESLA_BASE_URLS.containsKey(region)) {
      throw new IllegalArgumentException("region must be one of " + TESLA_BASE_URLS.keySet() + ", got " + region);
    }
    regions.put(account, region);
  }

  /** A partner token (no account) belongs to the home region. */
  private String regionOf(String account) {
    return account == null ? HOME_REGION : regions.getOrDefault(account, HOME_REGION);
  }

  private String baseUrlOf(String region) {
    return region.equals(HOME_REGION) ? baseUrl : TESLA_BASE_URLS.get(region);
  }

  // ---- Fleet API ----

  synchronized Preparation prepare(ApiCallKind kind, String authorization, String vehicleRef) {
    Authentication auth = oauth.authenticate(authorization, clock.now());
    if (auth.rejection() != null) {
      ledger.recordCall(kind, auth.rejection().status(), null, null, false);
      return new Preparation(auth.rejection(), null, null);
    }
    Caller caller = auth.caller();
    String region = regionOf(caller.account());
    if (!region.equals(HOME_REGION) && kind != ApiCallKind.REGION) {
      // Tesla answers a user of another region 421 naming the right base URL; users/region works
      // from any region, it is how a client finds out (FACTS.md, "Regions").
      ApiReply outOfRegion = ApiReply.error(421, "user out of region, use base URL: " + baseUrlOf(region)
          + ", see https://developer.tesla.com/docs/fleet-api#regional-requirements", "");
      ledger.recordCall(kind, 421, caller.account(), null, true);
      return new Preparation(outOfRegion, null, null);
    }
    SimVehicle vehicle = null;
    if (vehicleRef != null) {
      vehicle = vehiclesByRef.get(vehicleRef);
      // Another account's car is as unknown as a car that does not exist.
      if (vehicle == null || !vehicle.account().equals(caller.account())) {
        ApiReply notFound = ApiReply.error(404, "not_found", "");
        ledger.recordCall(kind, 404, caller.account(), null, true);
        return new Preparation(notFound, null, null);
      }
    }
    Identified call = new Identified(kind, caller, vehicle);
    Fault fault = faults.take(kind.wireName(), call.account(), call.vin()).orElse(null);
    return new Preparation(null, call, fault);
  }

  /** Counts a call a fault answered ({@code status}) or dropped (null). */
  synchronized void recordFaulted(Identified call, Integer status) {
    ledger.recordCall(call.kind(), status, call.account(), call.vin(), true);
  }

  synchronized ApiReply answer(Identified call, Map<String, String> query) {
    Instant now = clock.now();
    ApiReply reply = switch (call.kind()) {
      case LIST -> list(call.caller(), query);
      case VEHICLE -> {
        call.vehicle().advanceTo(now);
        yield ApiReply.ok(VehicleJson.summary(call.vehicle().traits(), call.vehicle().state()));
      }
      case VEHICLE_DATA -> vehicleData(call, query, now);
      case WAKE_UP -> wakeUp(call.vehicle(), now);
      case REGION -> {
        String region = regionOf(call.account());
        yield ApiReply.ok(new JsonObject().put("region", region).put("fleet_api_base_url", baseUrlOf(region)));
      }
      default -> ApiReply.error(404, "not_found", "");
    };
    ledger.recordCall(call.kind(), reply.status(), call.account(), call.vin(), true);
    return reply;
  }

  private ApiReply list(Caller caller, Map<String, String> query) {
    int page;
    int perPage;
    try {
      page = Integer.parseInt(query.getOrDefault("page", "1").trim());
      perPage = Integer.parseInt(query.getOrDefault("per_page", "100").trim());
    } catch (NumberFormatException e) {
      return ApiReply.error(400, "invalid_request", "page and per_page must be whole numbers");
    }
    if (page < 1 || perPage < 1) {
      return ApiReply.error(400, "invalid_request", "page and per_page must be at least 1");
    }
    Instant now = clock.now();
    List<SimVehicle> mine = vehicles.stream().filter(v -> v.account().equals(caller.account())).toList();
    int count = mine.size();
    int pages = (count + perPage - 1) / perPage;
    JsonArray response = new JsonArray();
    long from = (long) (page - 1) * perPage;
    for (long i = from; i < Math.min(count, from + perPage); i++) {
      SimVehicle car = mine.get((int) i);
      car.advanceTo(now);
      response.add(VehicleJson.summary(car.traits(), car.state()));
    }
    JsonObject pagination = new JsonObject()
        .put("previous", page > 1 ? page - 1 : null)
        .put("next", page < pages ? page + 1 : null)
        .put("current", page)
        .put("per_page", perPage)
        .put("count", count)
        .put("pages", pages);
    return ApiReply.json(200, new JsonObject().put("response", response).put("pagination", pagination)
        .put("count", count));
  }

  private ApiReply vehicleData(Identified call, Map<String, String> query, Instant now) {
    Set<String> sections;
    boolean location = false;
    String endpoints = query.get("endpoints");
    if (endpoints == null) {
      sections = VehicleJson.ALL_SECTIONS;
    } else {
      sections = new HashSet<>();
      for (String name : endpoints.split("[;,]")) {
        sections.add(name.trim());
      }
      location = sections.contains("location_data");
    }
    List<String> scopes = call.caller().scopes();
    if (!scopes.contains("vehicle_device_data") || (location && !scopes.contains("vehicle_location"))) {
      return ApiReply.error(403, "Unauthorized missing scopes", "");
    }
    SimVehicle car = call.vehicle();
    car.advanceTo(now);
    long retryAfter = car.rateLimit();
    if (retryAfter > 0) {
      return rateLimited(retryAfter);
    }
    if (!car.serveData()) {
      return ApiReply.error(408, "vehicle unavailable: vehicle is offline or asleep", "");
    }
    return ApiReply.ok(VehicleJson.vehicleData(car.traits(), car.snapshot(), sections, location));
  }

  private ApiReply wakeUp(SimVehicle car, Instant now) {
    car.advanceTo(now);
    long retryAfter = car.rateLimit();
    if (retryAfter > 0) {
      return rateLimited(retryAfter);
    }
    if (car.wakeUp()) {
      ledger.recordWake(car.vin());
    }
    return ApiReply.ok(VehicleJson.summary(car.traits(), car.state()));
  }

  private static ApiReply rateLimited(long retryAfterSeconds) {
    return new ApiReply(429, ApiReply.errorBody("Retry in " + retryAfterSeconds + " seconds", ""),
        Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  // ---- OAuth ----

  synchronized AuthorizeOutcome authorize(Map<String, String> params) {
    return oauth.authorize(params, clock.now());
  }

  /** The fault to apply to this token request, if any (consumes one use of it). */
  synchronized Fault tokenFault(Map<String, String> params) {
    return faults.take("token", oauth.accountOf(params).orElse(null), null).orElse(null);
  }

  synchronized ApiReply token(Map<String, String> params) {
    TokenOutcome outcome = oauth.token(params, clock.now());
    if (outcome.grantType() != null) {
      ledger.recordGrant(outcome.grantType());
    }
    if (outcome.refreshTokenReused()) {
      ledger.recordRefreshTokenReuse();
    }
    return outcome.reply();
  }

  // ---- admin ----

  synchronized JsonObject ledger() {
    Instant now = clock.now();
    vehicles.forEach(car -> car.advanceTo(now));
    return ledger.toJson(vin -> vehiclesByRef.get(vin).awakeSecondsCaused(),
        vin -> vehiclesByRef.get(vin).awakeSeconds());
  }

  /** Simulated seconds each car was awake so far, for any reason, per VIN. */
  synchronized Map<String, Long> awakeSeconds() {
    Instant now = clock.now();
    Map<String, Long> byVin = new java.util.LinkedHashMap<>();
    for (SimVehicle car : vehicles) {
      car.advanceTo(now);
      byVin.put(car.vin(), car.awakeSeconds());
    }
    return byVin;
  }

  /** Every drive and charge so far, per VIN: the truth a benchmark measures detection against. */
  synchronized java.util.Map<String, java.util.List<SimSession>> sessions() {
    Instant now = clock.now();
    java.util.Map<String, java.util.List<SimSession>> byVin = new java.util.LinkedHashMap<>();
    for (SimVehicle car : vehicles) {
      car.advanceTo(now);
      byVin.put(car.vin(), car.sessions());
    }
    return byVin;
  }

  synchronized JsonArray vehiclesJson() {
    Instant now = clock.now();
    JsonArray list = new JsonArray();
    for (SimVehicle car : vehicles) {
      car.advanceTo(now);
      VehicleSnapshot s = car.snapshot();
      list.add(new JsonObject()
          .put("vin", car.vin())
          .put("id", car.traits().id())
          .put("display_name", car.traits().displayName())
          .put("account", car.account())
          .put("state", s.state())
          .put("activity", s.activity())
          .put("battery_level", Math.round(s.batteryPercent() * 10) / 10.0)
          .put("battery_kwh", Math.round(s.batteryKwh() * 100) / 100.0)
          .put("odometer", Math.round(s.odometer() * 1000) / 1000.0)
          .put("charging_state", s.chargingState())
          .put("charger_power", s.chargerPowerKw())
          .put("shift_state", s.shiftState())
          .put("speed", s.speed())
          .put("wakes", car.wakes())
          .put("awake_seconds_caused", car.awakeSecondsCaused())
          .put("awake_seconds", car.awakeSeconds())
          .put("timestamp", s.at().toEpochMilli()));
    }
    return list;
  }

  synchronized JsonObject addFault(JsonObject spec) {
    return new JsonObject().put("id", faults.add(spec).id);
  }

  synchronized JsonArray faultsJson() {
    return faults.toJson();
  }

  synchronized void clearFaults() {
    faults.clear();
  }

  synchronized boolean removeFault(String id) {
    return faults.remove(id);
  }
}
