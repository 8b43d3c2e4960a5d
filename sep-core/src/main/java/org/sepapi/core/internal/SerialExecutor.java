package org.sepapi.core.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the one thread of control of
 * a subscription (or a call), the way Netty ties a channel to its event loop. What it runs needs no
 * locks. Thread-safe.
 *
 * <p>A task that throws is logged and does not stop the tasks after it.
 */
public final class SerialExecutor implements Executor {
  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  private final Executor delegate;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(4);
  private boolean running;
  private volatile Thread owner;

  public SerialExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    boolean start;
    synchronized (tasks) {
      tasks.add(task);
      start = !running;
      running = true;
    }
    if (start) {
      delegate.execute(this::drain);
    }
  }

  /** Whether the calling thread is running one of this executor's tasks now (for asserts). */
  public boolean inExecutor() {
    return owner == Thread.currentThread();
  }

  private void drain() {
    Thread previous = owner;
    owner = Thread.currentThread();
    try {
      while (true) {
        Runnable next;
        synchronized (tasks) {
          next = tasks.poll();
          if (next == null) {
            running = false;
            return;
          }
        }
        try {
          next.run();
        } catch (RuntimeException | AssertionError e) {
          LOG.log(System.Logger.Level.ERROR, "a serial task failed", e);
        }
      }
    } finally {
      owner = previous;
    }
  }
}
