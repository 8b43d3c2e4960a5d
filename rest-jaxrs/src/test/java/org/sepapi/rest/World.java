package org.sepapi.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Executor;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;

/**
 * The SIP side of the API tests: a manual clock and scheduler, an in-memory SIP network with a PBX
 * ({@code pbx.test}, a {@link Pbx}), and a {@link SubscriptionService} on {@code gateway.test} with
 * a direct executor and a {@link RecordingSink}. Time never moves unless a test moves it; SIP
 * messages travel when a test runs the network ({@link #run()}).
 */
final class World implements AutoCloseable {
  final ManualClock clock = ManualClock.create();
  final ManualScheduler scheduler = ManualScheduler.on(clock);
  final InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
  final Pbx pbx = new Pbx(network.peer("pbx.test"));
  final RecordingSink sink = new RecordingSink();
  final SubscriptionService service;

  /** A world whose service runs each subscription on the thread that hands it work. */
  World() {
    this(Runnable::run);
  }

  /** A world whose service runs its subscriptions on {@code executor}. */
  World(Executor executor) {
    service =
        SubscriptionService.builder()
            .transport(network.transport("gateway.test"))
            .scheduler(scheduler)
            .clock(clock)
            .executor(executor)
            .random(new Random(5))
            .sink(sink)
            .identity(NameAddr.parse("<sip:sepapi@gateway.test>"))
            .build();
  }

  /** Delivers every SIP message sent so far, and what they cause. */
  void run() {
    network.runUntilIdle();
  }

  /** An instant {@code later} than now on the world's clock. */
  Instant in(Duration later) {
    return clock.instant().plus(later);
  }

  @Override
  public void close() {
    service.close();
  }
}
