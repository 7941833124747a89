package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.poll.RefusalRemedy.DropEndpoint;
import io.fleetpoller.poll.RefusalRemedy.HoldVehicle;
import io.fleetpoller.poll.RefusalRemedy.Nothing;
import io.fleetpoller.poll.RefusalRemedy.PauseAccounts;
import io.fleetpoller.poll.RefusalRemedy.PauseVehicle;
import io.fleetpoller.poll.RefusalRemedy.Reach;
import io.fleetpoller.poll.RefusalRemedy.SwitchRegion;
import io.fleetpoller.triage.AutoAction;
import io.fleetpoller.triage.TriageEvent;
import io.fleetpoller.triage.TriageReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RefusalRemedyTest {

  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  private static final Duration REST = Duration.ofMinutes(30);
  private static final Optional<Instant> AFTER_REST = Optional.of(NOW.plus(REST));
  private static final Optional<Instant> UNTIL_CONSENT = Optional.empty();
  private static final String EU = "https://fleet-api.prd.eu.vn.cloud.tesla.com";
  private static final boolean CAR = true;
  private static final boolean ACCOUNT = false;

  static Stream<Arguments> refusals() {
    return Stream.of(
        row("a car's missing scope drops the section it names",
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT, Map.of("endpoint", "location_data"), CAR,
            new DropEndpoint(VehicleDataEndpoint.LOCATION_DATA)),
        row("a car's missing scope with no section to drop rests the car until a new consent",
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT, Map.of(), CAR,
            new PauseVehicle("missing_scope", UNTIL_CONSENT)),
        row("a section no one knows is no section to drop",
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT, Map.of("endpoint", "no_such_state"), CAR,
            new PauseVehicle("missing_scope", UNTIL_CONSENT)),
        row("an account's missing scope rests the account until a new consent",
            TriageReason.MISSING_SCOPE, AutoAction.DROP_ENDPOINT_FOR_ACCOUNT, Map.of("endpoint", "location_data"),
            ACCOUNT, new PauseAccounts(Reach.ACCOUNT, "missing_scope", UNTIL_CONSENT)),
        row("a wrong region names where to move, resting the account if it may not",
            TriageReason.WRONG_REGION, AutoAction.SWITCH_REGION_AND_RETRY, Map.of("base_url", EU), CAR,
            new SwitchRegion(EU, new PauseAccounts(Reach.ACCOUNT, "wrong_region", AFTER_REST))),
        row("a wrong region of a vehicle list moves the account too",
            TriageReason.WRONG_REGION, AutoAction.SWITCH_REGION_AND_RETRY, Map.of("base_url", EU), ACCOUNT,
            new SwitchRegion(EU, new PauseAccounts(Reach.ACCOUNT, "wrong_region", AFTER_REST))),
        row("a wrong region naming no base URL rests the account",
            TriageReason.WRONG_REGION, AutoAction.SWITCH_REGION_AND_RETRY, Map.of(), CAR,
            new PauseAccounts(Reach.ACCOUNT, "wrong_region", AFTER_REST)),
        row("a revoked consent rests the whole account until a new consent, even from one car",
            TriageReason.CONSENT_REVOKED, AutoAction.NEEDS_CONSENT_PAUSE_ACCOUNT, Map.of(), CAR,
            new PauseAccounts(Reach.ACCOUNT, "consent_revoked", UNTIL_CONSENT)),
        row("a locked account rests for a while, even when one car's call was refused",
            TriageReason.ACCOUNT_LOCKED, AutoAction.PAUSE_ACCOUNT, Map.of(), CAR,
            new PauseAccounts(Reach.ACCOUNT, "account_locked", AFTER_REST)),
        row("an app not registered in a region rests every account of that region",
            TriageReason.PARTNER_NOT_REGISTERED, AutoAction.PAUSE_REGION, Map.of(), CAR,
            new PauseAccounts(Reach.REGION, "partner_not_registered", AFTER_REST)),
        row("a billing limit rests every account",
            TriageReason.BILLING_LIMIT, AutoAction.PAUSE_APP, Map.of(), ACCOUNT,
            new PauseAccounts(Reach.APP, "billing_limit", AFTER_REST)),
        row("a car's Retry-After holds the car that long",
            TriageReason.RATE_LIMITED, AutoAction.HONOUR_RETRY_AFTER, Map.of("retry_after_seconds", "42"), CAR,
            new HoldVehicle(Duration.ofSeconds(42))),
        row("a car's rate limit with no Retry-After holds it a minute",
            TriageReason.RATE_LIMITED, AutoAction.HONOUR_RETRY_AFTER, Map.of(), CAR,
            new HoldVehicle(Duration.ofMinutes(1))),
        row("a rate limit about no car changes nothing",
            TriageReason.RATE_LIMITED, AutoAction.HONOUR_RETRY_AFTER, Map.of("retry_after_seconds", "42"), ACCOUNT,
            new Nothing()),
        row("a refusal about one car rests that car for a while",
            TriageReason.MOBILE_ACCESS_DISABLED, AutoAction.PAUSE_VEHICLE, Map.of(), CAR,
            new PauseVehicle("mobile_access_disabled", AFTER_REST)),
        row("a refusal with nothing automatic still rests the car rather than pay for more",
            TriageReason.UNSUPPORTED_VEHICLE, AutoAction.NONE, Map.of(), CAR,
            new PauseVehicle("unsupported_vehicle", AFTER_REST)),
        row("a refusal with nothing automatic rests the account when no car was asked about",
            TriageReason.UNKNOWN_USER, AutoAction.NONE, Map.of(), ACCOUNT,
            new PauseAccounts(Reach.ACCOUNT, "unknown_user", AFTER_REST)),
        row("an access token still refused after the retry rests the car",
            TriageReason.ACCESS_TOKEN_INVALID, AutoAction.REREAD_STORE_AND_RETRY, Map.of(), CAR,
            new PauseVehicle("access_token_invalid", AFTER_REST)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachTriagedRefusalHasOneRemedy(String behaviour, TriageEvent event, boolean aboutVehicle,
      RefusalRemedy expected) {
    assertThat(RefusalRemedy.of(event, aboutVehicle, REST, NOW)).isEqualTo(expected);
  }

  private static Arguments row(String behaviour, TriageReason reason, AutoAction action, Map<String, String> details,
      boolean aboutVehicle, RefusalRemedy expected) {
    TriageEvent event = new TriageEvent(reason, reason.severity(), "cause", "action", action, "acct-1",
        aboutVehicle ? "5YJ3E1EA7KF000001" : null, 403, null, NOW, details);
    return Arguments.of(behaviour, event, aboutVehicle, expected);
  }
}
