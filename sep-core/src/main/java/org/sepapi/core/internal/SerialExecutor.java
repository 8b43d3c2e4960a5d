package org.sepapi.core.internal;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the one thread of control of
 * a subscription (or a call), the way Netty ties a channel to its event loop. What it runs needs no
 * locks. An idle one holds no queue, only its two fields: a gateway keeps 100,000 of them.
 * Thread-safe.
 *
 * <p>A task that throws is logged and does not stop the tasks after it.
 */
public final class SerialExecutor implements Executor {
  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  private final Executor delegate;
  private Node head;
  private Node tail;
  private boolean running;
  private volatile Thread owner;

  /** One waiting task. */
  private static final class Node {
    final Runnable task;
    Node next;

    Node(Runnable task) {
      this.task = task;
    }
  }

  public SerialExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void execute(Runnable task) {
    Node node = new Node(Objects.requireNonNull(task, "task"));
    boolean start;
    synchronized (this) {
      if (tail == null) {
        head = node;
      } else {
        tail.next = node;
      }
      tail = node;
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
        synchronized (this) {
          Node node = head;
          if (node == null) {
            running = false;
            return;
          }
          head = node.next;
          if (head == null) {
            tail = null;
          }
          next = node.task;
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
