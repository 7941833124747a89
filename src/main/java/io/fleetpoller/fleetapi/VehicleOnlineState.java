package io.fleetpoller.fleetapi;

import java.util.Locale;

/** A vehicle's connectivity as the vehicle list and vehicle endpoints report it (FACTS.md). */
public enum VehicleOnlineState {
  ONLINE,
  ASLEEP,
  OFFLINE,
  /** Missing, null, or a value Tesla may add later. */
  UNKNOWN;

  /** {@code online} / {@code asleep} / {@code offline} in any case; anything else is UNKNOWN. */
  public static VehicleOnlineState parse(String wire) {
    if (wire == null) {
      return UNKNOWN;
    }
    return switch (wire.trim().toLowerCase(Locale.ROOT)) {
      case "online" -> ONLINE;
      case "asleep" -> ASLEEP;
      case "offline" -> OFFLINE;
      default -> UNKNOWN;
    };
  }
}
