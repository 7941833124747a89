package io.fleetpoller.fleetapi;

/** A bearer access token; {@link #toString()} never shows the value. */
public record BearerToken(String value) {

  public BearerToken {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a bearer token must not be null or blank");
    }
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
