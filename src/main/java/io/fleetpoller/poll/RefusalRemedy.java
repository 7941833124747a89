package io.fleetpoller.poll;

import io.fleetpoller.fleetapi.VehicleDataEndpoint;
import io.fleetpoller.triage.TriageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the poller does about a refused call once triage has explained it (issue 6, "Actions"):
 * which cars rest and until when, which vehicle_data section an account stops asking for, or where
 * the account moves. Chosen from the triage event alone, so it is pure; {@link RefusalResponder}
 * carries it out. The token source has already refreshed once on a 401, so what is left is to stop
 * paying for refusals until something changes.
 */
sealed interface RefusalRemedy {

  /** Whose cars a pause reaches. */
  enum Reach {
    /** The refused account's cars. */
    ACCOUNT,
    /** The cars of every account served from the refused account's base URL. */
    REGION,
    /** Every car. */
    APP
  }

  /** Ask no more for the section the account's token may not read; the car is planned again. */
  record DropEndpoint(VehicleDataEndpoint endpoint) implements RefusalRemedy {}

  /** Rest the car the refused call was about; {@code until} empty: until a new consent. */
  record PauseVehicle(String reason, Optional<Instant> until) implements RefusalRemedy {}

  /** Rest every car in reach; {@code until} empty: until a new consent. */
  record PauseAccounts(Reach reach, String reason, Optional<Instant> until) implements RefusalRemedy {}

  /** Move the account to {@code baseUrl} and call again at once; pause {@code otherwise} if it may not move. */
  record SwitchRegion(String baseUrl, PauseAccounts otherwise) implements RefusalRemedy {}

  /** Let the car wait before its next call. */
  record HoldVehicle(Duration retryAfter) implements RefusalRemedy {}

  /** Nothing to do (a Retry-After about no car). */
  record Nothing() implements RefusalRemedy {}

  /**
   * @param event the refusal as triage classified it
   * @param aboutVehicle whether the refused call was about one car (vehicle_data), or the account
   * @param rest how long cars rest after a refusal that something other than a consent may cure
   * @param now when the refusal came
   */
  static RefusalRemedy of(TriageEvent event, boolean aboutVehicle, Duration rest, Instant now) {
    String reason = event.reason().wireName();
    Optional<Instant> untilConsent = Optional.empty();
    Optional<Instant> afterRest = Optional.of(now.plus(rest));
    return switch (event.autoAction()) {
      case DROP_ENDPOINT_FOR_ACCOUNT -> {
        Optional<VehicleDataEndpoint> endpoint = Optional.ofNullable(event.details().get("endpoint"))
            .flatMap(VehicleDataEndpoint::fromWireName);
        if (!aboutVehicle) {
          yield new PauseAccounts(Reach.ACCOUNT, reason, untilConsent);
        }
        // Without a section to drop, vehicle_data itself is refused for this car: no more calls
        // until a new consent; the account's other cars go on.
        yield endpoint.<RefusalRemedy>map(DropEndpoint::new).orElse(new PauseVehicle(reason, untilConsent));
      }
      case SWITCH_REGION_AND_RETRY -> {
        PauseAccounts otherwise = new PauseAccounts(Reach.ACCOUNT, reason, afterRest);
        String baseUrl = event.details().get("base_url");
        yield baseUrl == null ? otherwise : new SwitchRegion(baseUrl, otherwise);
      }
      case NEEDS_CONSENT_PAUSE_ACCOUNT -> new PauseAccounts(Reach.ACCOUNT, reason, untilConsent);
      case PAUSE_ACCOUNT -> new PauseAccounts(Reach.ACCOUNT, reason, afterRest);
      // Not registered in this region: every account served from the same base URL is refused.
      case PAUSE_REGION -> new PauseAccounts(Reach.REGION, reason, afterRest);
      // The developer account's billing limit: every account's calls are refused alike.
      case PAUSE_APP -> new PauseAccounts(Reach.APP, reason, afterRest);
      case HONOUR_RETRY_AFTER -> aboutVehicle
          ? new HoldVehicle(Optional.ofNullable(event.details().get("retry_after_seconds"))
              .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
              .orElse(Duration.ofMinutes(1)))
          : new Nothing();
      default -> aboutVehicle
          ? new PauseVehicle(reason, afterRest)
          : new PauseAccounts(Reach.ACCOUNT, reason, afterRest);
    };
  }
}
