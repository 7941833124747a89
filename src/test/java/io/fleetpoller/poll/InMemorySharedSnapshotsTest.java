package io.fleetpoller.poll;

class InMemorySharedSnapshotsTest extends SharedSnapshotsContract {

  private final InMemorySharedSnapshots snapshots = new InMemorySharedSnapshots();

  @Override
  SharedSnapshots snapshots() {
    return snapshots;
  }
}
