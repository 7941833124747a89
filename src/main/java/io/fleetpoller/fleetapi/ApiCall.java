package io.fleetpoller.fleetapi;

import io.fleetpoller.config.ApiCallKind;
import java.time.Duration;
import java.time.Instant;

/**
 * One finished Fleet API request (one page of a paginated list is one call).
 *
 * @param vehicleId the id or VIN the call was about; null for calls about no vehicle
 * @param status the HTTP status, 0 when there was no HTTP answer (timeout, connection closed)
 * @param latency simulated time from sending to the end of the answer, read from the FleetClock
 * @param error Tesla's {@code error} text or the transport failure text, never a token; null on
 *     success
 * @param at the simulated instant the request was started
 */
public record ApiCall(
    ApiCallKind kind, String vehicleId, int status, Duration latency, String error, Instant at) {}
