package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sepapi.core.spi.Scheduler;

class ManualSchedulerTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final ManualClock clock = ManualClock.at(START);
  private final ManualScheduler scheduler = ManualScheduler.on(clock);
  private final List<String> ran = new ArrayList<>();

  private Scheduler.Cancellable at(long millis, String name) {
    return scheduler.schedule(Duration.ofMillis(millis), () -> ran.add(name));
  }

  @Test
  void tasksRunInDueTimeOrderAndTiesInTheOrderTheyWereScheduled() {
    at(3000, "c");
    at(1000, "a1");
    at(0, "now");
    at(1000, "a2");
    at(1000, "a3");

    assertEquals(5, scheduler.advance(Duration.ofSeconds(5)));

    assertEquals(List.of("now", "a1", "a2", "a3", "c"), ran);
    assertEquals(START.plusSeconds(5), clock.instant());
  }

  @Test
  void theClockStandsAtEachTasksDueTimeWhileItRuns() {
    List<Instant> seen = new ArrayList<>();
    scheduler.schedule(Duration.ofMillis(1500), () -> seen.add(clock.instant()));
    scheduler.schedule(Duration.ofSeconds(4), () -> seen.add(clock.instant()));

    scheduler.advance(Duration.ofSeconds(10));

    assertEquals(List.of(START.plusMillis(1500), START.plusSeconds(4)), seen);
    assertEquals(START.plusSeconds(10), clock.instant());
  }

  @Test
  void tasksScheduledByATaskRunInTheSameCallWhenTheyFallDueWithinIt() {
    List<String> log = new ArrayList<>();
    scheduler.schedule(
        Duration.ofSeconds(1),
        () -> {
          log.add("first at " + clock.instant());
          scheduler.schedule(Duration.ZERO, () -> log.add("zero at " + clock.instant()));
          scheduler.schedule(Duration.ofSeconds(2), () -> log.add("two at " + clock.instant()));
          scheduler.schedule(Duration.ofSeconds(10), () -> log.add("ten at " + clock.instant()));
        });
    // scheduled before the first task ran, due at the same instant as "zero": it runs before it
    scheduler.schedule(Duration.ofSeconds(1), () -> log.add("tie at " + clock.instant()));

    scheduler.advance(Duration.ofSeconds(5));

    assertEquals(
        List.of(
            "first at " + START.plusSeconds(1),
            "tie at " + START.plusSeconds(1),
            "zero at " + START.plusSeconds(1),
            "two at " + START.plusSeconds(3)),
        log);
    assertEquals(List.of(START.plusSeconds(11)), scheduler.dueTimes());
  }

  @Test
  void aTaskWithNoDelayWaitsForTheSchedulerToRun() {
    at(0, "zero");
    at(-500, "negative");
    assertEquals(List.of(), ran);
    assertEquals(2, scheduler.pending());

    assertEquals(2, scheduler.runDue());

    assertEquals(List.of("zero", "negative"), ran);
    assertEquals(START, clock.instant());
  }

  @Test
  void aCancelledTaskDoesNotRun() {
    Scheduler.Cancellable cancelled = at(1000, "cancelled");
    at(2000, "kept");
    cancelled.cancel();
    scheduler.advance(Duration.ofSeconds(3));
    cancelled.cancel(); // after the fact: nothing happens

    assertEquals(List.of("kept"), ran);
    assertEquals(0, scheduler.pending());
  }

  @Test
  void advanceToNextJumpsToTheNextTaskOnly() {
    at(7000, "seven");
    at(9000, "nine");

    assertEquals(Optional.of(Duration.ofSeconds(7)), scheduler.untilNext());
    assertEquals(1, scheduler.advanceToNext());
    assertEquals(List.of("seven"), ran);
    assertEquals(START.plusSeconds(7), clock.instant());
    assertEquals(List.of(START.plusSeconds(9)), scheduler.dueTimes());

    scheduler.advanceToNext();
    assertEquals(Optional.empty(), scheduler.untilNext());
    assertEquals(0, scheduler.advanceToNext());
  }

  @Test
  void aTaskThatThrowsStopsTheCallAndLeavesTheLaterTasksScheduled() {
    at(1000, "before");
    scheduler.schedule(
        Duration.ofSeconds(2),
        () -> {
          throw new IllegalStateException("boom");
        });
    at(3000, "after");

    assertThrows(IllegalStateException.class, () -> scheduler.advance(Duration.ofSeconds(5)));

    assertEquals(List.of("before"), ran);
    assertEquals(START.plusSeconds(2), clock.instant());
    scheduler.advance(Duration.ofSeconds(5));
    assertEquals(List.of("before", "after"), ran);
  }

  @Test
  void timeDoesNotGoBack() {
    assertThrows(IllegalArgumentException.class, () -> scheduler.advance(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> clock.set(START.minusMillis(1)));
  }

  @Test
  void tasksThatKeepSchedulingTasksWithNoDelayAreCalledALivelock() {
    AtomicInteger runs = new AtomicInteger();
    Runnable[] again = new Runnable[1];
    again[0] =
        () -> {
          runs.incrementAndGet();
          scheduler.schedule(Duration.ZERO, again[0]);
        };
    scheduler.schedule(Duration.ZERO, again[0]);

    IllegalStateException e = assertThrows(IllegalStateException.class, scheduler::runDue);

    assertTrue(e.getMessage().contains("no delay"), e.getMessage());
    assertEquals(ManualScheduler.MAX_TASKS_AT_ONE_INSTANT, runs.get());
    assertEquals(1, scheduler.pending());
  }

  @Test
  void manyTasksAtOneInstantAreFineWhenTheyEnd() {
    int count = 10_000;
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      scheduler.schedule(Duration.ZERO, runs::incrementAndGet);
    }
    assertEquals(count, scheduler.runDue());
    assertEquals(count, runs.get());
  }

  @Test
  void otherThreadsMayScheduleWhileTheTestThreadAdvances() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    AtomicInteger runs = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    scheduler.schedule(Duration.ofMillis(i), runs::incrementAndGet);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      threads.shutdown();
    }
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(4000, runs.get());
  }

  @Test
  void anyScheduleRunsInStableDueTimeOrder() {
    qt().withExamples(200)
        .forAll(lists().of(integers().between(0, 50)).ofSizeBetween(0, 40))
        .checkAssert(
            delays -> {
              ManualScheduler fresh = ManualScheduler.on(ManualClock.at(START));
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < delays.size(); i++) {
                int index = i;
                fresh.schedule(Duration.ofMillis(delays.get(i)), () -> order.add(index));
              }
              fresh.advance(Duration.ofMillis(50));

              List<Integer> expected = new ArrayList<>();
              for (int i = 0; i < delays.size(); i++) {
                expected.add(i);
              }
              // a stable sort keeps ties in the order they were scheduled
              Collections.sort(expected, Comparator.comparing(delays::get));
              assertEquals(expected, order);
            });
  }
}
