package org.sepapi.benchmarks.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.spi.SystemScheduler;

/**
 * A partial reginfo NOTIFY, through the engine: routed to its subscription, answered, its body read
 * and merged into the resource's state, the change queued for the callback. 1,000 active
 * subscriptions, taken in turn. Target: 100,000 NOTIFYs/s or more on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NotifyPathBenchmark {
  private static final int SUBSCRIPTIONS = 1_000;

  private LoopbackNotifier notifier;
  private Engines.QueueingSink sink;
  private SubscriptionService service;
  private SystemScheduler scheduler;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    notifier = new LoopbackNotifier();
    sink = new Engines.QueueingSink();
    scheduler = SystemScheduler.create();
    service = Engines.service(notifier, sink, scheduler);
    Engines.subscribe(service, SUBSCRIPTIONS);
    if (notifier.size() != SUBSCRIPTIONS) {
      throw new IllegalStateException("subscribed " + notifier.size());
    }
  }

  @TearDown(Level.Trial)
  public void check() {
    scheduler.close();
    if (sink.signals.get() < notifier.answered() - SUBSCRIPTIONS) {
      throw new IllegalStateException(
          "changes queued " + sink.signals.get() + " < NOTIFYs " + notifier.answered());
    }
  }

  @Benchmark
  public long partialReginfoNotify() {
    notifier.notifyPartial(next);
    next = next + 1 == SUBSCRIPTIONS ? 0 : next + 1;
    return notifier.answered();
  }
}
