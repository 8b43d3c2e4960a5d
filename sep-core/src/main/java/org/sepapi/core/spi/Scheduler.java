package org.sepapi.core.spi;

import java.time.Duration;

/**
 * Runs a task once after a delay. Every timer of the engine (refresh before expiry, retry backoff,
 * Retry-After, webhook retries, subscription expiry) goes through one, so that tests jump past
 * times with a manual scheduler instead of sleeping.
 *
 * <p>Implementations are thread-safe. A task runs on the scheduler's own thread (or the thread that
 * advances a manual scheduler); the engine hands it on to the executor that owns the state it
 * touches, so a task must be short and must not block.
 */
@FunctionalInterface
public interface Scheduler {
  /**
   * Schedules {@code task} to run once, {@code delay} from now. A delay of zero or less runs it as
   * soon as possible, never on the calling thread.
   *
   * @return a handle that cancels the task if it has not started yet
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that may be cancelled. Thread-safe. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}
