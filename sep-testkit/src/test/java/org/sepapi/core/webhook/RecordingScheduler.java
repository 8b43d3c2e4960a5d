package org.sepapi.core.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.testkit.ManualScheduler;

/**
 * A {@link ManualScheduler} that also hands each requested delay to the test. The sink schedules
 * only retry waits, so a test awaits the next one to know that the sink has handled a failed
 * attempt (which it learns on an HTTP thread) before it moves time.
 */
final class RecordingScheduler implements Scheduler {
  private final ManualScheduler manual;
  private final LinkedBlockingQueue<Duration> delays = new LinkedBlockingQueue<>();

  RecordingScheduler(ManualScheduler manual) {
    this.manual = manual;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Cancellable cancellable = manual.schedule(delay, task);
    delays.add(delay);
    return cancellable;
  }

  /** The delay of the next schedule() call, waiting for it. */
  Duration awaitScheduled() throws InterruptedException {
    Duration delay = delays.poll(CallbackServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (delay == null) {
      fail("nothing was scheduled within " + CallbackServer.WAIT);
    }
    return delay;
  }

  /** Whether schedule() was called and not yet awaited. */
  boolean hasScheduled() {
    return !delays.isEmpty();
  }
}
