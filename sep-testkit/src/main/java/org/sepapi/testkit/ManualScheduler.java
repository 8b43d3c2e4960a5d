package org.sepapi.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import org.sepapi.core.spi.Scheduler;

/**
 * A {@link Scheduler} that runs tasks only when a test moves time: {@link #advance(Duration)} runs
 * every task that falls due, in due-time order (ties in the order they were scheduled), moving its
 * {@link ManualClock} to each task's time before running it. Tasks that a running task schedules
 * run in the same call if they fall due within it. Nothing runs on another thread, so a test that
 * also uses direct executors is fully deterministic.
 *
 * <p>Thread-safe: other threads may schedule and cancel while a test thread advances; advance from
 * one thread at a time.
 */
public final class ManualScheduler implements Scheduler {
  /** How many tasks one call runs at one instant before it calls it a livelock. */
  public static final int MAX_TASKS_AT_ONE_INSTANT = 1_000_000;

  private final ManualClock clock;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;

  private ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  /** A scheduler that moves {@code clock}. */
  public static ManualScheduler on(ManualClock clock) {
    return new ManualScheduler(clock);
  }

  /** The clock this scheduler moves. */
  public ManualClock clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    Task scheduled;
    synchronized (this) {
      scheduled = new Task(clock.instant().plus(wait), sequence++, task);
      queue.add(scheduled);
    }
    return () -> cancel(scheduled);
  }

  private synchronized void cancel(Task task) {
    queue.remove(task);
  }

  /** Runs the tasks due now (those scheduled with no delay, for instance). */
  public int runDue() {
    return advance(Duration.ZERO);
  }

  /**
   * Moves time forward by {@code duration}, running every task that falls due on the way. A task
   * that throws stops the call (the exception propagates); the tasks after it stay scheduled.
   *
   * @return how many tasks ran
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if more than {@link #MAX_TASKS_AT_ONE_INSTANT} tasks run at one
   *     instant: tasks that keep scheduling tasks with no delay would never let time move
   */
  public int advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + duration);
    }
    Instant end = clock.instant().plus(duration);
    int ran = 0;
    int atInstant = 0;
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(end)) {
          break;
        }
        queue.poll();
      }
      if (next.due.isAfter(clock.instant())) {
        clock.set(next.due);
        atInstant = 0;
      }
      if (++atInstant > MAX_TASKS_AT_ONE_INSTANT) {
        synchronized (this) {
          queue.add(next);
        }
        throw new IllegalStateException(
            "more than "
                + MAX_TASKS_AT_ONE_INSTANT
                + " tasks ran at "
                + clock.instant()
                + ": tasks keep scheduling tasks with no delay");
      }
      next.task.run();
      ran++;
    }
    if (end.isAfter(clock.instant())) {
      clock.set(end);
    }
    return ran;
  }

  /** Moves time to just past the next scheduled task and runs what is due then. */
  public int advanceToNext() {
    Optional<Duration> next = untilNext();
    return next.map(this::advance).orElse(0);
  }

  /** How long until the next scheduled task, if any. */
  public synchronized Optional<Duration> untilNext() {
    Task next = queue.peek();
    if (next == null) {
      return Optional.empty();
    }
    Duration wait = Duration.between(clock.instant(), next.due);
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  /** How many tasks wait to run. */
  public synchronized int pending() {
    return queue.size();
  }

  /** The due times of the waiting tasks, earliest first. */
  public synchronized List<Instant> dueTimes() {
    List<Task> tasks = new ArrayList<>(queue);
    tasks.sort(null);
    List<Instant> times = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      times.add(task.due);
    }
    return times;
  }

  private static final class Task implements Comparable<Task> {
    final Instant due;
    final long sequence;
    final Runnable task;

    Task(Instant due, long sequence, Runnable task) {
      this.due = due;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public int compareTo(Task other) {
      int byTime = due.compareTo(other.due);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
