package io.fleetpoller.doctor;

import static io.fleetpoller.doctor.Check.ACCOUNT;

import io.fleetpoller.auth.AccessTokenClaims;
import io.fleetpoller.auth.TokenRecord;
import io.fleetpoller.auth.TokenStoreException;
import io.fleetpoller.config.Durations;
import io.fleetpoller.config.FleetConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored-account half of the checklist, read from the token store without calling Tesla:
 * does the record decrypt, is the refresh token young enough, and does the access token's
 * {@code scp}, {@code aud} and {@code ou_code} fit the config (FACTS.md, "Access-token JWT claims").
 * Pure: a record, the config and the time in, checks out. Never prints a token.
 */
public final class AccountChecks {

  /** Tesla's refresh tokens expire after 3 months (FACTS.md, "OAuth"). */
  static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
  /** Warn this long before: a person has to consent again, which takes planning. */
  static final Duration REFRESH_WARNING = Duration.ofDays(14);

  private AccountChecks() {}

  /** What an operator does when an account needs a person's consent again. */
  static String logInAgain(String account) {
    return "log in again (" + howToLogIn(account) + ")";
  }

  private static String howToLogIn(String account) {
    return "run 'token login --account " + account + "' or open /auth/login?account=" + account + " on the daemon";
  }

  /** The account has no record in the store. */
  public static Check missing(String account) {
    return Check.fail(ACCOUNT, account, "stored", "no tokens are stored for account " + account,
        "log it in: " + howToLogIn(account));
  }

  /** The account's record could not be read; {@code failure} says why. */
  public static Check unreadable(String account, Throwable failure) {
    if (failure instanceof TokenStoreException e) {
      return switch (e.reason()) {
        case CANNOT_DECRYPT -> Check.fail(ACCOUNT, account, "decrypts",
            "the stored tokens do not decrypt with tokens.encryptionKey",
            "set tokens.encryptionKey (env FLEET_TOKEN_KEY) to the key they were written with; if it is lost, "
                + logInAgain(account));
        case CORRUPT -> Check.fail(ACCOUNT, account, "decrypts", "the stored record is damaged: " + e.getMessage(),
            "restore the token store from a backup, or " + logInAgain(account));
        default -> Check.fail(ACCOUNT, account, "decrypts", "the token store could not be read: " + e.getMessage(),
            "check that the token store (tokens.file or redis.url) is reachable, then run doctor again");
      };
    }
    return Check.fail(ACCOUNT, account, "decrypts", "the token store could not be read: " + describe(failure),
        "check that the token store (tokens.file or redis.url) is reachable, then run doctor again");
  }

  /**
   * Every check of one readable account.
   *
   * @param needsConsent the reason the account is marked as needing consent, when it is
   */
  public static List<Check> of(TokenRecord record, Optional<String> needsConsent, FleetConfig.Tesla tesla,
      Instant now) {
    String account = record.account();
    List<Check> out = new ArrayList<>();
    out.add(Check.pass(ACCOUNT, account, "decrypts", "the stored record decrypts (version " + record.version() + ")"));
    out.add(consent(account, needsConsent));
    out.add(refreshToken(record, now));
    out.add(expiry(record, now));
    Optional<AccessTokenClaims> claims = AccessTokenClaims.parse(record.accessToken());
    if (record.accessToken() == null || claims.isEmpty()) {
      String why = record.accessToken() == null
          ? "no access token yet (the daemon gets one with the refresh token)"
          : "the access token is not a JWT, so its claims cannot be read";
      out.add(Check.skip(ACCOUNT, account, "scopes", why));
      out.add(Check.skip(ACCOUNT, account, "audience", why));
      out.add(Check.skip(ACCOUNT, account, "region", why));
      return List.copyOf(out);
    }
    out.add(scopes(account, claims.get(), tesla.scopes()));
    out.add(audience(account, claims.get(), tesla.apiBaseUrl()));
    out.add(region(account, claims.get(), tesla.apiBaseUrl()));
    return List.copyOf(out);
  }

  static Check consent(String account, Optional<String> needsConsent) {
    return needsConsent
        .map(reason -> Check.fail(ACCOUNT, account, "consent", "marked needs_consent (" + reason
            + "): the daemon will not refresh its tokens", logInAgain(account)))
        .orElseGet(() -> Check.pass(ACCOUNT, account, "consent", "not marked needs_consent"));
  }

  static Check refreshToken(TokenRecord record, Instant now) {
    String account = record.account();
    Instant written = record.updatedAt();
    long days = Math.max(0, Duration.between(written, now).toDays());
    String age = "last rotated " + written.truncatedTo(ChronoUnit.SECONDS) + " (" + days + " days ago)";
    Instant expires = written.plus(REFRESH_LIFETIME);
    if (!now.isBefore(expires)) {
      return Check.fail(ACCOUNT, account, "refresh token", "present but " + age
          + ": Tesla's refresh tokens expire after 3 months, so it is most likely refused (login_required)",
          logInAgain(account));
    }
    if (!now.isBefore(expires.minus(REFRESH_WARNING))) {
      return Check.warn(ACCOUNT, account, "refresh token", "present, " + age
          + ": Tesla's refresh tokens expire after 3 months, so unless the daemon rotates it before "
          + expires.truncatedTo(ChronoUnit.SECONDS) + " it will be refused",
          "make sure the daemon runs (each refresh rotates it), or " + logInAgain(account));
    }
    return Check.pass(ACCOUNT, account, "refresh token", "present, " + age);
  }

  static Check expiry(TokenRecord record, Instant now) {
    String account = record.account();
    Instant expiresAt = record.accessExpiresAt() != null ? record.accessExpiresAt()
        : AccessTokenClaims.parse(record.accessToken()).flatMap(AccessTokenClaims::expiresAt).orElse(null);
    if (record.accessToken() == null) {
      return Check.pass(ACCOUNT, account, "access token", "none yet; will refresh with the stored refresh token");
    }
    if (expiresAt == null) {
      return Check.pass(ACCOUNT, account, "access token", "expiry unknown; will refresh on the first 401");
    }
    Instant shown = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    if (!now.isBefore(expiresAt)) {
      // Not a failure: the refresh token gets a new one (FACTS.md, "OAuth": access tokens live 8 h).
      return Check.pass(ACCOUNT, account, "access token", "expired " + shown + "; will refresh with the stored"
          + " refresh token");
    }
    return Check.pass(ACCOUNT, account, "access token", "valid until " + shown + " (for "
        + Durations.format(Duration.between(now, expiresAt).truncatedTo(ChronoUnit.SECONDS)) + ")");
  }

  static Check scopes(String account, AccessTokenClaims claims, List<String> configured) {
    List<String> missing = configured.stream().filter(s -> !claims.scopes().contains(s)).toList();
    String granted = claims.scopes().isEmpty() ? "none" : String.join(" ", claims.scopes());
    if (missing.isEmpty()) {
      return Check.pass(ACCOUNT, account, "scopes", "the token's scp covers tesla.scopes (" + granted + ")");
    }
    String also = missing.contains(ConfigChecks.LOCATION_SCOPE) ? " (location_data needs vehicle_location)" : "";
    return Check.fail(ACCOUNT, account, "scopes", "the token lacks " + String.join(" ", missing) + also
            + "; its scp is " + granted,
        logInAgain(account) + " and grant " + String.join(" ", missing)
            + " on Tesla's consent page (first add " + (missing.size() == 1 ? "it" : "them")
            + " to the app at developer.tesla.com if the app lacks " + (missing.size() == 1 ? "it" : "them") + ")");
  }

  static Check audience(String account, AccessTokenClaims claims, String apiBaseUrl) {
    Optional<HttpUrl> base = HttpUrl.parse(apiBaseUrl);
    if (base.isEmpty()) {
      return Check.skip(ACCOUNT, account, "audience", "tesla.apiBaseUrl is not a URL (see config)");
    }
    boolean covered = claims.audiences().stream()
        .map(HttpUrl::parse).flatMap(Optional::stream).anyMatch(aud -> aud.sameAs(base.get()));
    String auds = claims.audiences().isEmpty() ? "none" : String.join(" ", claims.audiences());
    if (covered) {
      return Check.pass(ACCOUNT, account, "audience", "the token's aud includes " + apiBaseUrl);
    }
    return Check.fail(ACCOUNT, account, "audience", "the token's aud (" + auds + ") lacks tesla.apiBaseUrl "
            + apiBaseUrl + ": Tesla refuses it there",
        "make sure tesla.apiBaseUrl is the account's region (users/region tells), then " + logInAgain(account)
            + " so the code exchange asks for audience " + apiBaseUrl);
  }

  static Check region(String account, AccessTokenClaims claims, String apiBaseUrl) {
    Optional<String> ouCode = claims.region();
    if (ouCode.isEmpty()) {
      return Check.skip(ACCOUNT, account, "region", "the token has no ou_code claim");
    }
    Optional<FleetApiRegion> tokenRegion = FleetApiRegion.ofCode(ouCode.get());
    if (tokenRegion.isEmpty()) {
      return Check.warn(ACCOUNT, account, "region", "the token's ou_code " + ouCode.get()
          + " is not a region this checklist knows (NA, EU, CN)", "compare with users/region: run doctor without --offline");
    }
    Optional<HttpUrl> base = HttpUrl.parse(apiBaseUrl);
    if (base.isPresent() && base.get().loopback()) {
      return Check.skip(ACCOUNT, account, "region", "ou_code " + ouCode.get() + "; tesla.apiBaseUrl is on loopback"
          + " (a simulator), whose region users/region tells live");
    }
    Optional<FleetApiRegion> baseRegion = base.flatMap(FleetApiRegion::ofBaseUrl);
    if (baseRegion.isEmpty()) {
      return Check.skip(ACCOUNT, account, "region", "ou_code " + ouCode.get()
          + "; tesla.apiBaseUrl is not a Tesla regional host (see config)");
    }
    FleetApiRegion user = tokenRegion.get();
    if (user == baseRegion.get()) {
      return Check.pass(ACCOUNT, account, "region", "ou_code " + ouCode.get() + " matches tesla.apiBaseUrl ("
          + user.code() + ")");
    }
    return Check.fail(ACCOUNT, account, "region", "ou_code " + ouCode.get() + ": the user is in region "
            + user.code() + " (" + user.area() + ") but tesla.apiBaseUrl is region " + baseRegion.get().code()
            + ", so calls answer 421; the right base URL is " + user.baseUrl(),
        "set tesla.apiBaseUrl (env TESLA_API_BASE_URL) to " + user.baseUrl() + ", then " + logInAgain(account));
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
  }
}
