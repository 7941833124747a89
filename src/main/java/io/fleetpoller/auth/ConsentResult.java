package io.fleetpoller.auth;

import java.util.List;

/**
 * A consent that ended with the account's tokens stored.
 *
 * @param grantedScopes what Tesla granted (the token response's {@code scope}, else the access
 *     token's {@code scp}); empty when neither says
 * @param missingScopes asked for ({@code tesla.scopes}) but not granted; empty when the granted
 *     scopes are unknown
 * @param version the stored record's version
 */
public record ConsentResult(String account, List<String> grantedScopes, List<String> missingScopes, long version) {

  public ConsentResult {
    grantedScopes = List.copyOf(grantedScopes);
    missingScopes = List.copyOf(missingScopes);
  }

  /** What the daemon cannot do without {@code scope} (FACTS.md, "OAuth": scopes). */
  public static String costOf(String scope) {
    return switch (scope) {
      case "openid" -> "no id token: Tesla does not confirm who signed in";
      case "offline_access" -> "no refresh token: access ends when the access token expires (about 8 h)";
      case "vehicle_device_data" -> "no vehicle data: cars are listed, but no battery, charging or climate readings";
      case "vehicle_location" -> "no location data: snapshots carry no position (location_data needs it)";
      case "user_data" -> "no profile data of the owner";
      case "vehicle_cmds" -> "no vehicle commands";
      case "vehicle_charging_cmds" -> "no charging commands";
      case "energy_device_data" -> "no energy-product (Powerwall, solar) data";
      case "energy_cmds" -> "no energy-product commands";
      default -> "calls that need it are refused with 403 'Unauthorized missing scopes'";
    };
  }
}
