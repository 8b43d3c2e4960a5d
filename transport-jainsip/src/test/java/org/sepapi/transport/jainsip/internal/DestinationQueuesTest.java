package org.sepapi.transport.jainsip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DestinationQueuesTest {
  private static final long WAIT_MILLIS = 10_000;
  private final ThreadGroup group = new ThreadGroup("dq-test");
  private final List<DestinationQueues<Task>> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws InterruptedException {
    for (DestinationQueues<Task> queues : opened) {
      queues.close();
      assertTrue(queues.awaitTermination(WAIT_MILLIS), "the pool's threads did not end");
    }
  }

  private DestinationQueues<Task> queues(int threads) {
    DestinationQueues<Task> queues = new DestinationQueues<>(group, "dq-test-", threads);
    opened.add(queues);
    return queues;
  }

  /** A task that records its name, on which thread it ran, and may wait for a latch first. */
  private static final class Task implements Runnable {
    final String name;
    final List<String> ran;
    final CountDownLatch gate;
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    volatile Thread thread;

    Task(String name, List<String> ran, CountDownLatch gate) {
      this.name = name;
      this.ran = ran;
      this.gate = gate;
    }

    @Override
    public void run() {
      thread = Thread.currentThread();
      started.countDown();
      try {
        gate.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.add(name);
      done.countDown();
    }
  }

  private static final CountDownLatch OPEN = new CountDownLatch(0);

  @Test
  void tasksForOneDestinationRunOneAtATimeInOrder() throws InterruptedException {
    DestinationQueues<Task> queues = queues(4);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    Task first = new Task("0", ran, gate);
    queues.submit("a", first);
    List<Task> rest = new ArrayList<>();
    for (int i = 1; i < 100; i++) {
      Task task = new Task(Integer.toString(i), ran, OPEN);
      rest.add(task);
      queues.submit("a", task);
    }
    assertTrue(first.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    assertEquals(List.of(), ran, "a task ran beside the first one");
    gate.countDown();
    assertTrue(rest.get(rest.size() - 1).done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(Integer.toString(i));
    }
    assertEquals(expected, ran);
  }

  @Test
  void aBlockedDestinationHoldsUpOnlyItself() throws InterruptedException {
    DestinationQueues<Task> queues = queues(2);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch stuck = new CountDownLatch(1);
    Task blocked = new Task("blocked", ran, stuck);
    queues.submit("dead", blocked);
    assertTrue(blocked.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    Task other = new Task("other", ran, OPEN);
    queues.submit("alive", other);
    assertTrue(other.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS), "held up");
    stuck.countDown();
  }

  @Test
  void atMostTheGivenNumberOfThreadsRunAndTheyBelongToTheGroup() throws InterruptedException {
    DestinationQueues<Task> queues = queues(3);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Task task = new Task("t" + i, ran, gate);
      tasks.add(task);
      queues.submit("d" + i, task);
    }
    Set<Thread> running = ConcurrentHashMap.newKeySet();
    for (Task task : tasks.subList(0, 3)) {
      assertTrue(task.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
      running.add(task.thread);
    }
    assertEquals(3, running.size());
    for (Task task : tasks.subList(3, 6)) {
      assertEquals(1, task.started.getCount(), "a fourth destination ran at the same time");
    }
    for (Thread thread : running) {
      assertEquals(group, thread.getThreadGroup());
      assertTrue(thread.getName().startsWith("dq-test-"), thread::getName);
    }
    gate.countDown();
    for (Task task : tasks) {
      assertTrue(task.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void takeQueuedLeavesTheRunningTaskAndOtherDestinations() throws InterruptedException {
    DestinationQueues<Task> queues = queues(2);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    Task running = new Task("running", ran, gate);
    queues.submit("a", running);
    assertTrue(running.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    Task second = new Task("second", ran, OPEN);
    Task third = new Task("third", ran, OPEN);
    queues.submit("a", second);
    queues.submit("a", third);
    assertEquals(List.of(second, third), queues.takeQueued("a"));
    assertEquals(List.of(), queues.takeQueued("b"));
    gate.countDown();
    // the queue still works after it was emptied
    Task later = new Task("later", ran, OPEN);
    queues.submit("a", later);
    assertTrue(later.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    assertEquals(1, second.started.getCount(), "a task taken out ran");
    assertEquals(1, third.started.getCount(), "a task taken out ran");
  }

  @Test
  void closeGivesBackWhatHasNotStartedAndRefusesMore() throws InterruptedException {
    DestinationQueues<Task> queues = queues(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    Task running = new Task("running", ran, gate);
    queues.submit("a", running);
    assertTrue(running.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    Task queuedA = new Task("queued-a", ran, OPEN);
    Task queuedB = new Task("queued-b", ran, OPEN);
    queues.submit("a", queuedA);
    queues.submit("b", queuedB); // waits for the one thread
    assertEquals(Set.of(queuedA, queuedB), Set.copyOf(queues.close()));
    assertFalse(queues.submit("a", new Task("after", ran, OPEN)));
    assertEquals(List.of(), queues.close());
    gate.countDown();
    assertTrue(queues.awaitTermination(WAIT_MILLIS));
    assertEquals(List.of("running"), ran);
  }

  @Test
  void aBusyDestinationLetsTheOthersTakeTheirTurn() throws InterruptedException {
    DestinationQueues<Task> queues = queues(1);
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    Task first = new Task("busy-0", ran, gate);
    queues.submit("busy", first);
    assertTrue(first.started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    for (int i = 1; i < 200; i++) {
      queues.submit("busy", new Task("busy-" + i, ran, OPEN));
    }
    Task other = new Task("other", ran, OPEN);
    queues.submit("other", other);
    gate.countDown();
    // done, not started: the task adds itself to the list after started
    assertTrue(other.done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    int position = ran.indexOf("other");
    assertTrue(position > 0 && position < 100, "the other destination ran " + position + "th");
  }

  @Test
  void aTaskThatThrowsDoesNotStopItsQueue() throws InterruptedException {
    DestinationQueues<Runnable> queues = new DestinationQueues<>(group, "dq-test-", 1);
    try {
      CountDownLatch after = new CountDownLatch(1);
      queues.submit(
          "a",
          () -> {
            throw new IllegalStateException("expected by the test");
          });
      queues.submit("a", after::countDown);
      assertTrue(after.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    } finally {
      queues.close();
    }
  }
}
