package org.sepapi.benchmarks.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.spi.SystemScheduler;

/**
 * The heap one idle API subscription holds: N subscriptions of one reg resource each, every one
 * active with its full state merged and its timers (expiry, refresh) on the production scheduler,
 * measured as the heap after a full GC divided by N (the loopback notifier's own records
 * subtracted). Target: 2 KiB or less at 100,000.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * org.sepapi.benchmarks.engine.IdleSubscriptionFootprint [N]}
 */
public final class IdleSubscriptionFootprint {
  private IdleSubscriptionFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    SystemScheduler scheduler = SystemScheduler.create();
    LoopbackNotifier warm = new LoopbackNotifier();
    Engines.subscribe(Engines.service(warm, new Engines.QueueingSink(), scheduler), 1_000);

    LoopbackNotifier notifier = new LoopbackNotifier();
    Engines.QueueingSink sink = new Engines.QueueingSink();
    long before = usedAfterGc(memory);
    SubscriptionService service = Engines.service(notifier, sink, scheduler);
    Engines.subscribe(service, count);
    long answered = notifier.answered();
    notifier.forget();
    long engine = usedAfterGc(memory) - before;
    System.out.printf(
        "%,d idle subscriptions: %,d bytes of heap for the engine, %,d bytes each%n",
        service.size(), engine, engine / count);
    if (Boolean.getBoolean("footprint.pause")) {
      Thread.sleep(30_000); // time to take a class histogram with jcmd
    }
    if (service.size() != count || answered < count) {
      throw new IllegalStateException("not every subscription is active");
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
