package org.sepapi.benchmarks.engine;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;

/** A subscription service on a {@link LoopbackNotifier}, run on the calling thread. */
final class Engines {
  private Engines() {}

  /** A sink that only queues: "callback queued" is where the benchmarks stop. */
  static final class QueueingSink implements NotificationSink {
    final ArrayBlockingQueue<NotificationSource> queue = new ArrayBlockingQueue<>(4096);
    final AtomicLong signals = new AtomicLong();

    @Override
    public void signal(NotificationSource source) {
      signals.incrementAndGet();
      while (!queue.offer(source)) {
        queue.poll();
      }
    }

    @Override
    public void close() {}
  }

  /**
   * A service on {@code notifier}, its timers on the production scheduler (none falls due within a
   * run: subscriptions last a day, refreshes come after most of an hour).
   */
  static SubscriptionService service(
      LoopbackNotifier notifier, QueueingSink sink, Scheduler scheduler) {
    return SubscriptionService.builder()
        .transport(notifier)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .random(new SplittableRandom(1))
        .sink(sink)
        .callbackPolicy(CallbackPolicy.httpOnly())
        .identity(NameAddr.of(SipUri.parse("sip:sepapi@gateway.bench")))
        .subscribesPerSecond(1_000_000)
        .build();
  }

  /** Subscribes {@code count} API subscriptions of one resource each. */
  static void subscribe(SubscriptionService service, int count) {
    Instant expires = Instant.now().plusSeconds(86_400);
    URI callback = URI.create("http://127.0.0.1:9/callback");
    for (int i = 0; i < count; i++) {
      service.create(
          SubscriptionRequest.of(
              "bench",
              "reg",
              List.of(SipUri.parse("sip:user" + i + "@pbx.bench")),
              callback,
              expires));
    }
  }
}
