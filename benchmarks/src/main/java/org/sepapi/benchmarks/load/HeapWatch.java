package org.sepapi.benchmarks.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's heap while a step runs: the most heap in use (sampled every 100 ms, garbage
 * included, so with a full heap close to {@code -Xmx}) and the most in use right after a collection
 * (each collection's own report: what was live, or at least not yet collected). Also counts, for
 * the whole JVM, the {@link OutOfMemoryError}s that end a thread ({@link #countOutOfMemoryErrors});
 * one that code catches (a {@code CompletableFuture}, a stack's own handler) is not seen.
 * Thread-safe.
 */
final class HeapWatch implements AutoCloseable {
  private static final AtomicLong OUT_OF_MEMORY = new AtomicLong();

  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "heap-watch");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong maxUsed = new AtomicLong();
  private final AtomicLong maxAfterCollection = new AtomicLong();
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());
  private final List<NotificationEmitter> collectors =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .filter(NotificationEmitter.class::isInstance)
          .map(NotificationEmitter.class::cast)
          .toList();
  private final NotificationListener afterCollection = this::collected;

  private HeapWatch() {}

  /** Starts watching now. */
  static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    for (NotificationEmitter collector : watch.collectors) {
      collector.addNotificationListener(watch.afterCollection, null, null);
    }
    watch.sampler.scheduleAtFixedRate(watch::sample, 0, 100, TimeUnit.MILLISECONDS);
    return watch;
  }

  /**
   * Counts every {@link OutOfMemoryError} that reaches the default uncaught-exception handler, then
   * hands it on to the handler there before (or prints it, as the JVM does). Call once, at start.
   */
  static void countOutOfMemoryErrors() {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof OutOfMemoryError) {
            OUT_OF_MEMORY.incrementAndGet();
          }
          if (before != null) {
            before.uncaughtException(thread, e);
          } else {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace();
          }
        });
  }

  /** The OutOfMemoryErrors counted since {@link #countOutOfMemoryErrors}. */
  static long outOfMemoryErrors() {
    return OUT_OF_MEMORY.get();
  }

  /** The most heap in use seen so far, in bytes. */
  long maxUsed() {
    sample();
    return maxUsed.get();
  }

  /** The most heap in use right after a collection so far, in bytes (0: none ran). */
  long maxAfterCollection() {
    return maxAfterCollection.get();
  }

  private void sample() {
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    maxUsed.accumulateAndGet(used, Math::max);
  }

  private void collected(Notification notification, Object handback) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        MemoryUsage usage = pool.getValue();
        after += usage.getUsed();
      }
    }
    maxAfterCollection.accumulateAndGet(after, Math::max);
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    for (NotificationEmitter collector : collectors) {
      try {
        collector.removeNotificationListener(afterCollection);
      } catch (ListenerNotFoundException e) {
        // not added: nothing to remove
      }
    }
  }
}
