package org.sepapi.transport.jainsip.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One queue of tasks per destination, each run in the order it was submitted, one at a time; the
 * queues of different destinations run side by side on a bounded pool of threads. A queue that
 * keeps filling gives its thread up after a batch, so that the other destinations get their turn.
 * The pool's threads belong to the thread group given, are named after the prefix given, and end
 * when idle for a few seconds or when the queues are closed. Thread-safe.
 *
 * @param <T> the tasks
 */
public final class DestinationQueues<T extends Runnable> {
  private static final Logger LOG = System.getLogger(DestinationQueues.class.getName());
  private static final int BATCH = 32;
  private static final long IDLE_SECONDS = 5;

  private final ThreadPoolExecutor pool;

  /** The queue of every destination with a task queued or running; guarded by {@code this}. */
  private final Map<String, ArrayDeque<T>> queues = new HashMap<>();

  private boolean closed; // guarded by this

  /**
   * @param threads at most this many destinations are served at once
   */
  public DestinationQueues(ThreadGroup group, String namePrefix, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("at least one thread: " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            // at most one entry per destination: a queue is handed to the pool once at a time
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(group, task, namePrefix + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues {@code task} behind the tasks of {@code destination} queued before it.
   *
   * @return false if the queues are closed (the task is not queued)
   */
  public boolean submit(String destination, T task) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      ArrayDeque<T> queue = queues.get(destination);
      if (queue != null) {
        queue.add(task); // the queue is in the pool's hands already
        return true;
      }
      queue = new ArrayDeque<>();
      queue.add(task);
      queues.put(destination, queue);
    }
    hand(destination);
    return true;
  }

  /** Gives {@code destination}'s queue to the pool. */
  private void hand(String destination) {
    try {
      pool.execute(() -> drain(destination));
    } catch (RejectedExecutionException e) {
      // closed in between (the pool is shut down only then): close() took the queue and gives
      // its tasks back to its caller
    }
  }

  private void drain(String destination) {
    for (int done = 0; ; done++) {
      T next;
      synchronized (this) {
        ArrayDeque<T> queue = queues.get(destination);
        if (closed || queue == null) {
          return;
        }
        if (done == BATCH) {
          break; // more waiting: back of the line, behind the other destinations
        }
        next = queue.poll();
        if (next == null) {
          queues.remove(destination);
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a task for " + destination + " failed", e);
      }
    }
    hand(destination);
  }

  /**
   * Takes out the tasks queued for {@code destination} that have not started; the one running, if
   * any, goes on.
   */
  public synchronized List<T> takeQueued(String destination) {
    ArrayDeque<T> queue = queues.get(destination);
    if (queue == null) {
      return List.of();
    }
    List<T> taken = new ArrayList<>(queue);
    queue.clear();
    return taken;
  }

  /**
   * Refuses further tasks, lets the pool's threads end once their running task returns, and gives
   * back every task that has not started, in no particular order. Calling it again returns nothing.
   */
  public List<T> close() {
    List<T> left = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (ArrayDeque<T> queue : queues.values()) {
        left.addAll(queue);
      }
      queues.clear();
    }
    pool.shutdown();
    return left;
  }

  /** Waits up to {@code millis} for the pool's threads to end; true if they have. */
  public boolean awaitTermination(long millis) throws InterruptedException {
    return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }
}
