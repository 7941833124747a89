package io.fleetpoller.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Token health of one account for people and dashboards ({@code token status}, {@code
 * /api/accounts}): never a token value.
 */
public record AccountStatus(
    String account,
    AccountState state,
    Optional<String> reason,
    Optional<Instant> accessExpiresAt,
    List<String> scopes,
    Optional<String> region,
    Instant lastRefreshAt,
    long version) {}
