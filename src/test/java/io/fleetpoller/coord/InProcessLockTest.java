package io.fleetpoller.coord;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetpoller.clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InProcessLockTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InProcessLock lock = new InProcessLock(clock, "node-a");

  @Test
  void secondAcquirerIsRefusedWhileTheLeaseLives() {
    var first = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result();
    var second = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result();
    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(lock.tryAcquire("refresh:acct-2", Duration.ofSeconds(10)).result()).isPresent();
  }

  @Test
  void anExpiredLeaseCanBeTakenOverByAnotherOwner() {
    var first = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result().orElseThrow();
    clock.advance(Duration.ofSeconds(11));
    var second = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result().orElseThrow();
    assertThat(second.owner()).isNotEqualTo(first.owner());
  }

  @Test
  void theHolderExtendsItsLeaseButNotAnExpiredOneOrAnothersLease() {
    var lease = lock.tryAcquire("poll:V1", Duration.ofSeconds(10)).result().orElseThrow();
    clock.advance(Duration.ofSeconds(9));
    assertThat(lock.extend(lease, Duration.ofSeconds(10)).result()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(lock.tryAcquire("poll:V1", Duration.ofSeconds(10)).result()).isEmpty();
    clock.advance(Duration.ofSeconds(6));
    assertThat(lock.extend(lease, Duration.ofSeconds(10)).result()).as("expired").isFalse();
    var next = lock.tryAcquire("poll:V1", Duration.ofSeconds(10)).result().orElseThrow();
    assertThat(lock.extend(lease, Duration.ofSeconds(10)).result()).as("another's").isFalse();
    assertThat(lock.extend(next, Duration.ofSeconds(10)).result()).isTrue();
  }

  @Test
  void fenceNumbersOnlyGrowPerKey() {
    var fences = new InProcessFenceCounter();
    assertThat(fences.next("acct-1").result()).isEqualTo(1);
    assertThat(fences.next("acct-1").result()).isEqualTo(2);
    assertThat(fences.next("acct-2").result()).isEqualTo(1);
  }

  @Test
  void aLateReleaseByTheEarlierHolderDoesNotFreeTheNewHoldersLock() {
    var first = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result().orElseThrow();
    clock.advance(Duration.ofSeconds(11));
    var second = lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result().orElseThrow();

    assertThat(lock.release(first).result()).isFalse();
    assertThat(lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result()).isEmpty();
    assertThat(lock.release(second).result()).isTrue();
    assertThat(lock.tryAcquire("refresh:acct-1", Duration.ofSeconds(10)).result()).isPresent();
  }
}
