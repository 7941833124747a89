package io.fleetpoller.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetpoller.fleetapi.ChargeState;
import io.fleetpoller.fleetapi.ClimateState;
import io.fleetpoller.fleetapi.DriveState;
import io.fleetpoller.fleetapi.VehicleData;
import io.fleetpoller.fleetapi.VehicleOnlineState;
import io.fleetpoller.fleetapi.VehicleStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredSnapshotTest {

  static final Instant AT = Instant.parse("2026-03-10T12:00:00.123Z");

  /** Every field of every section set, none left at a default, so a dropped field shows. */
  static VehicleData fullyPopulated() {
    return new VehicleData(1492931520123456L, "5YJ3E1EA7KF000001", "Road Runner", VehicleOnlineState.ASLEEP,
        new ChargeState(81, 80, 243.57, "Charging", 11.5, 12.25, 90, 231, 16, 1.75, 1741608000111L),
        new DriveState("D", 64.5, -12.25, 37.4219983, -122.084, 271, 1741608000222L),
        new ClimateState(21.5, -3.25, true, false, 1741608000333L),
        new VehicleStatus(12345.678, false, true, true, "2025.8.3 abcdef", "Road Runner", 1741608000444L));
  }

  static VehicleData sectionsNull() {
    return new VehicleData(7, "5YJ3E1EA7KF000002", null, VehicleOnlineState.UNKNOWN, null, null, null, null);
  }

  @Test
  void aFullyPopulatedSnapshotRoundTripsThroughJsonText() {
    StoredSnapshot snapshot = new StoredSnapshot("acct-1", "5YJ3E1EA7KF000001", AT, fullyPopulated());

    String stored = snapshot.toJson().encode();

    assertThat(StoredSnapshot.fromJson(new JsonObject(stored))).isEqualTo(snapshot);
  }

  @Test
  void nullSectionsAndNullFieldsStayNull() {
    VehicleData partial = new VehicleData(8, "VIN8", "Car", VehicleOnlineState.ONLINE,
        new ChargeState(null, null, null, null, null, null, null, null, null, null, null), null,
        new ClimateState(null, null, null, null, null), null);
    for (VehicleData data : new VehicleData[] {sectionsNull(), partial}) {
      StoredSnapshot snapshot = new StoredSnapshot("acct-1", data.vin(), AT, data);

      assertThat(StoredSnapshot.fromJson(new JsonObject(snapshot.toJson().encode()))).isEqualTo(snapshot);
    }
  }

  @Test
  void everyOnlineStateRoundTrips() {
    for (VehicleOnlineState state : VehicleOnlineState.values()) {
      VehicleData data = new VehicleData(1, "VIN1", "Car", state, null, null, null, null);
      StoredSnapshot snapshot = new StoredSnapshot("acct-1", "VIN1", AT, data);

      assertThat(StoredSnapshot.fromJson(snapshot.toJson()).data().state()).isEqualTo(state);
    }
  }

  @Test
  void theJsonCarriesAtAsEpochMillisAndTheSectionsNested() {
    JsonObject json = new StoredSnapshot("acct-1", "VIN1", AT, fullyPopulated()).toJson();

    assertThat(json.getLong("at")).isEqualTo(AT.toEpochMilli());
    assertThat(json.getString("account")).isEqualTo("acct-1");
    assertThat(json.getString("vehicle")).isEqualTo("VIN1");
    assertThat(json.getJsonObject("data").getString("state")).isEqualTo("ASLEEP");
    assertThat(json.getJsonObject("data").getJsonObject("charge").getInteger("batteryLevel")).isEqualTo(81);
  }

  @Test
  void atIsKeptToTheMillisecond() {
    StoredSnapshot snapshot = new StoredSnapshot("acct-1", "VIN1", AT.plusNanos(456_789), sectionsNull());

    assertThat(snapshot.at()).isEqualTo(AT);
    assertThat(StoredSnapshot.fromJson(snapshot.toJson())).isEqualTo(snapshot);
  }

  @Test
  void aFieldFromALaterVersionIsIgnored() {
    JsonObject json = new StoredSnapshot("acct-1", "VIN1", AT, fullyPopulated()).toJson();
    json.put("schema", 2);
    json.getJsonObject("data").getJsonObject("charge").put("newField", "x");

    assertThat(StoredSnapshot.fromJson(json).data()).isEqualTo(fullyPopulated());
  }

  @Test
  void somethingElseIsRefusedSayingWhatIsMissingOrWrong() {
    JsonObject good = new StoredSnapshot("acct-1", "VIN1", AT, fullyPopulated()).toJson();

    assertThatThrownBy(() -> StoredSnapshot.fromJson(good.copy().put("at", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a stored snapshot");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(without(good, "at")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no at");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(without(good, "vehicle")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vehicle");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(without(good, "account")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no account");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(without(good, "data")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(good.copy().put("data", 5)))
        .isInstanceOf(IllegalArgumentException.class);
    JsonObject badState = good.copy();
    badState.getJsonObject("data").put("state", "HOVERING");
    assertThatThrownBy(() -> StoredSnapshot.fromJson(badState)).isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonObject without(JsonObject json, String field) {
    JsonObject copy = json.copy();
    copy.remove(field);
    return copy;
  }
}
