package io.fleetpoller.coord;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FenceCounter} for embedded mode: one process, counters in memory. */
public final class InProcessFenceCounter implements FenceCounter {

  private final ConcurrentHashMap<String, Long> counters = new ConcurrentHashMap<>();

  @Override
  public Future<Long> next(String key) {
    return Future.succeededFuture(counters.merge(key, 1L, Long::sum));
  }
}
