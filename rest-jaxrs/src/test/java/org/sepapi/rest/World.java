package org.sepapi.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
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
  final SubscriptionService service =
      SubscriptionService.builder()
          .transport(network.transport("gateway.test"))
          .scheduler(scheduler)
          .clock(clock)
          .executor(Runnable::run)
          .random(new Random(5))
          .sink(sink)
          .identity(NameAddr.parse("<sip:sepapi@gateway.test>"))
          .build();

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
