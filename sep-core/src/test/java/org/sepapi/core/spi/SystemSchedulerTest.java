package org.sepapi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The production scheduler, on real time: waits are bounded latches, never sleeps. */
class SystemSchedulerTest {
  @Test
  void runsTasksInTheOrderTheyFallDue() throws InterruptedException {
    try (SystemScheduler scheduler = SystemScheduler.create()) {
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(3);
      // each delay runs from its own schedule() call: "third" stays last unless this thread is
      // held up for most of a second between the calls
      scheduler.schedule(Duration.ofSeconds(1), () -> record(ran, "third", done));
      scheduler.schedule(Duration.ZERO, () -> record(ran, "first", done));
      scheduler.schedule(Duration.ofMillis(30), () -> record(ran, "second", done));
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("first", "second", "third"), ran);
    }
  }

  @Test
  void aCancelledTaskNeverRuns() throws InterruptedException {
    try (SystemScheduler scheduler = SystemScheduler.create()) {
      List<String> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      // the scheduler's thread waits in a task of its own while the others are scheduled and
      // cancelled, so that none can fall due and run before its cancel()
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      scheduler.schedule(Duration.ZERO, () -> hold(holding, release));
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 200; i++) {
        scheduler.schedule(Duration.ofMillis(5), () -> ran.add("cancelled")).cancel();
      }
      scheduler.schedule(Duration.ofMillis(40), () -> record(ran, "kept", done));
      release.countDown();
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("kept"), ran);
      assertEquals(0, scheduler.pending());
    }
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheOthers() throws InterruptedException {
    try (SystemScheduler scheduler = SystemScheduler.create()) {
      CountDownLatch done = new CountDownLatch(1);
      scheduler.schedule(
          Duration.ZERO,
          () -> {
            throw new IllegalStateException("a failing task");
          });
      scheduler.schedule(Duration.ofMillis(10), done::countDown);
      assertTrue(done.await(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aClosedSchedulerRefusesTasks() {
    SystemScheduler scheduler = SystemScheduler.create();
    scheduler.close();
    assertThrows(IllegalStateException.class, () -> scheduler.schedule(Duration.ZERO, () -> {}));
  }

  @Test
  void aDelayTooLongForNanosecondsIsTaken() {
    try (SystemScheduler scheduler = SystemScheduler.create()) {
      scheduler.schedule(Duration.ofDays(365L * 1000), () -> {}).cancel();
      scheduler.schedule(Duration.ofSeconds(-5), () -> {});
    }
  }

  private static void hold(CountDownLatch holding, CountDownLatch release) {
    holding.countDown();
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void record(List<String> ran, String name, CountDownLatch done) {
    ran.add(name);
    done.countDown();
  }
}
