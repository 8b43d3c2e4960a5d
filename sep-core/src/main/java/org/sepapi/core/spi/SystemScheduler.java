package org.sepapi.core.spi;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link Scheduler}: one daemon thread of a {@link ScheduledExecutorService}. Tasks
 * only hand work on to other executors, so one thread serves any number of subscriptions.
 * Thread-safe.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private final ScheduledExecutorService executor;

  private SystemScheduler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** A scheduler with its own daemon thread; {@link #close()} stops it. */
  public static SystemScheduler create() {
    ThreadFactory threads =
        task -> {
          Thread thread = new Thread(task, "sepapi-scheduler-" + COUNT.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
    executor.setRemoveOnCancelPolicy(true);
    return new SystemScheduler(executor);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    ScheduledFuture<?> future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
