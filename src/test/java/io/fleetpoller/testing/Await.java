package io.fleetpoller.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Waits for a Vert.x future from a test thread, with a deadline. */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  /** The result; a failure is rethrown as it is (runtime) or wrapped in an AssertionError. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no result within " + DEFAULT, e);
    }
  }

  /** The failure of {@code future}, which must fail within {@link #DEFAULT}. */
  public static Throwable failure(Future<?> future) {
    return failure(future, DEFAULT);
  }

  /** The failure of {@code future}, which must fail within {@code within}. */
  public static Throwable failure(Future<?> future, Duration within) {
    try {
      future.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome within " + within, e);
    }
    throw new AssertionError("expected a failure but the future succeeded");
  }

  /**
   * Polls {@code value} every 20 ms until it gives something other than null, and returns that; an
   * AssertionError after {@code timeout}.
   */
  public static <T> T value(Supplier<T> value, Duration timeout) {
    AtomicReference<T> found = new AtomicReference<>();
    until(() -> found.updateAndGet(previous -> value.get()) != null, timeout);
    return found.get();
  }

  /** Polls {@code condition} every 20 ms until it holds; an AssertionError after {@code timeout}. */
  public static void until(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
