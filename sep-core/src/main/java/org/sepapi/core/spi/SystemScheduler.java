package org.sepapi.core.spi;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link Scheduler}: one daemon thread and a priority queue of small task records.
 * Every subscription holds a timer or two for hours (its expiry, its next refresh), so a timer
 * costs one small record here, a third of what a {@code ScheduledThreadPoolExecutor} task holds.
 * Tasks only hand work on to other executors, so one thread serves any number of subscriptions.
 * Thread-safe.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SystemScheduler.class.getName());
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Thread thread;
  private int cancelledCount;
  private boolean closed;

  /** One scheduled task; cancelling removes it from the queue. */
  private final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final Runnable action;
    boolean cancelled;

    Task(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }

    @Override
    public int compareTo(Task other) {
      // tasks due at the same nanosecond run in no particular order
      return Long.compare(due - other.due, 0);
    }

    /**
     * Marks the task cancelled; it leaves the queue when it falls due, or earlier when cancelled
     * tasks make up a thirty-second of it (removing each at once would walk the whole queue each
     * time).
     */
    @Override
    public void cancel() {
      synchronized (SystemScheduler.this) {
        if (!cancelled) {
          cancelled = true;
          cancelledCount++;
          if (cancelledCount > 64 && cancelledCount > queue.size() / 32) {
            queue.removeIf(task -> task.cancelled);
            cancelledCount = 0;
          }
        }
      }
    }
  }

  private SystemScheduler() {
    thread = new Thread(this::run, "sepapi-scheduler-" + COUNT.incrementAndGet());
    thread.setDaemon(true);
  }

  /** A scheduler with its own daemon thread; {@link #close()} stops it. */
  public static SystemScheduler create() {
    SystemScheduler scheduler = new SystemScheduler();
    scheduler.thread.start();
    return scheduler;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.isNegative() ? 0 : saturatedNanos(delay));
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the scheduler is closed");
      }
      Task scheduled = new Task(System.nanoTime() + nanos, task);
      queue.add(scheduled);
      if (queue.peek() == scheduled) {
        notifyAll();
      }
      return scheduled;
    }
  }

  private static long saturatedNanos(Duration delay) {
    try {
      return delay.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  private void run() {
    while (true) {
      Task next;
      synchronized (this) {
        while (true) {
          if (closed) {
            return;
          }
          Task first = queue.peek();
          long wait = first == null ? Long.MAX_VALUE : first.due - System.nanoTime();
          if (first != null && wait <= 0) {
            next = queue.poll();
            if (next.cancelled) {
              cancelledCount--;
              continue;
            }
            break;
          }
          try {
            if (first == null) {
              wait();
            } else {
              wait(Math.max(1, wait / 1_000_000), 0);
            }
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      try {
        next.action.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "a scheduled task failed", e);
      }
    }
  }

  /** How many tasks wait (cancelled ones not counted). */
  public synchronized int pending() {
    return queue.size() - cancelledCount;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
      notifyAll();
    }
  }
}
