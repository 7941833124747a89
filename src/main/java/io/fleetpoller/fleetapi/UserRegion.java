package io.fleetpoller.fleetapi;

/** {@code GET /api/1/users/region}: e.g. {@code na} and the base URL to use for that user. */
public record UserRegion(String region, String fleetApiBaseUrl) {}
