package io.fleetpoller.poll;

import static io.fleetpoller.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link SharedSnapshots} does; subclasses supply the store. */
abstract class SharedSnapshotsContract {

  static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

  abstract SharedSnapshots snapshots();

  static StoredSnapshot at(Instant at) {
    return new StoredSnapshot("acct-1", "5YJ3E1EA7KF000001", at, StoredSnapshotTest.fullyPopulated());
  }

  @Test
  void aPutSnapshotReadsBackWhole() {
    StoredSnapshot full = at(T0);
    StoredSnapshot bare = new StoredSnapshot("acct-2", "5YJ3E1EA7KF000002", T0, StoredSnapshotTest.sectionsNull());
    result(snapshots().put(full));
    result(snapshots().put(bare));

    assertThat(result(snapshots().get(full.vehicle()))).contains(full);
    assertThat(result(snapshots().get(bare.vehicle()))).contains(bare);
  }

  @Test
  void anUnknownVehicleIsEmpty() {
    assertThat(result(snapshots().get("nobody"))).isEmpty();
  }

  @Test
  void anOlderPutDoesNotOverwriteANewerSnapshot() {
    StoredSnapshot newer = at(T0.plusSeconds(60));
    result(snapshots().put(newer));

    result(snapshots().put(at(T0)));

    assertThat(result(snapshots().get(newer.vehicle()))).contains(newer);
  }

  @Test
  void aNewerOrSameInstantPutReplacesTheSnapshot() {
    result(snapshots().put(at(T0)));
    StoredSnapshot newer = at(T0.plusMillis(1));
    result(snapshots().put(newer));
    assertThat(result(snapshots().get(newer.vehicle()))).contains(newer);

    StoredSnapshot sameInstant = new StoredSnapshot("acct-1", newer.vehicle(), newer.at(), StoredSnapshotTest.sectionsNull());
    result(snapshots().put(sameInstant));
    assertThat(result(snapshots().get(newer.vehicle()))).contains(sameInstant);
  }
}
