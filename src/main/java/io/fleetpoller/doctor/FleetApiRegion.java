package io.fleetpoller.doctor;

import java.util.Locale;
import java.util.Optional;

/**
 * Tesla's Fleet API regions and their base URLs (FACTS.md, "Regions"). An access token's
 * {@code ou_code} names its user's region ({@code NA}, {@code EU}, {@code CN}); calls to another
 * region's base URL answer 421.
 */
enum FleetApiRegion {
  NA("https://fleet-api.prd.na.vn.cloud.tesla.com", "North America and Asia-Pacific"),
  EU("https://fleet-api.prd.eu.vn.cloud.tesla.com", "Europe, Middle East and Africa"),
  CN("https://fleet-api.prd.cn.vn.cloud.tesla.cn", "China");

  private final String baseUrl;
  private final String area;

  FleetApiRegion(String baseUrl, String area) {
    this.baseUrl = baseUrl;
    this.area = area;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** {@code na}, {@code eu}, {@code cn}: how users/region spells it. */
  String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  String area() {
    return area;
  }

  /** The region whose Tesla host {@code url} names (any path, https only). */
  static Optional<FleetApiRegion> ofBaseUrl(HttpUrl url) {
    for (FleetApiRegion region : values()) {
      HttpUrl own = HttpUrl.parse(region.baseUrl).orElseThrow();
      if (url.https() && url.host().equals(own.host()) && url.port() == own.port()) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }

  /** From an {@code ou_code} claim or a users/region answer, any case. */
  static Optional<FleetApiRegion> ofCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (FleetApiRegion region : values()) {
      if (region.name().equalsIgnoreCase(code.trim())) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }

  /** One line for an operator: the three base URLs. */
  static String listing() {
    StringBuilder out = new StringBuilder();
    for (FleetApiRegion region : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(region.area).append(' ').append(region.baseUrl);
    }
    return out.toString();
  }
}
