package io.fleetpoller.config;

/**
 * The kinds of Fleet API request that are counted and priced separately. The wire name is what
 * appears in metrics labels, events and the simulator's ledger.
 */
public enum ApiCallKind {
  LIST("list"),
  VEHICLE("vehicle"),
  VEHICLE_DATA("vehicle_data"),
  WAKE_UP("wake_up"),
  REGION("region"),
  COMMAND("command"),
  /** Token endpoint calls: Tesla does not bill them (FACTS.md, "Money and limits"). */
  TOKEN("token");

  private final String wireName;

  ApiCallKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
