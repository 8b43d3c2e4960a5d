package org.sepapi.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.sepapi.callcontrol.CallController;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.testkit.MockSipPeer;

/**
 * The SIP side of the call controller tests: a manual clock and scheduler, an in-memory SIP network
 * whose PBX {@code pbx.test} (one {@link MockSipPeer}, the controller's domain) is every user's
 * phone, and a {@link CallController} on {@code gateway.test} with a direct executor and a sink
 * that records the call-state callbacks. Nothing moves unless a test runs the network.
 */
final class CallWorld implements AutoCloseable {
  static final String DOMAIN = "pbx.test";

  final ManualClock clock = ManualClock.create();
  final ManualScheduler scheduler = ManualScheduler.on(clock);
  final InMemorySipNetwork network = InMemorySipNetwork.create(scheduler);
  final MockSipPeer pbx = network.peer(DOMAIN);
  final Phones phones = new Phones(pbx);
  final Sink sink = new Sink();
  final CallController controller;

  CallWorld() {
    this(builder -> {});
  }

  CallWorld(Consumer<CallController.Builder> configure) {
    CallController.Builder builder =
        CallController.builder()
            .transport(network.transport("gateway.test"))
            .scheduler(scheduler)
            .clock(clock)
            .executor(Runnable::run)
            .random(new Random(3725))
            .sink(sink)
            .domain(DOMAIN);
    configure.accept(builder);
    controller = builder.build();
  }

  /** Delivers every SIP message sent so far, and what they cause. */
  void run() {
    network.runUntilIdle();
  }

  /** Moves time on, delivering and firing what falls due. */
  void advance(Duration duration) {
    network.advance(duration);
  }

  @Override
  public void close() {
    controller.close();
    run();
  }

  /**
   * Takes each signalled callback in a task of the scheduler (never inside the signal, as a real
   * sink does) and records it. Thread-safe (one lock).
   */
  final class Sink implements NotificationSink {
    private final List<Notification> taken = new ArrayList<>();

    @Override
    public void signal(NotificationSource source) {
      scheduler.schedule(Duration.ZERO, () -> take(source));
    }

    private void take(NotificationSource source) {
      Optional<Notification> next = source.take().toCompletableFuture().join();
      if (next.isPresent()) {
        synchronized (this) {
          taken.add(next.get());
        }
        source.delivered(next.get(), DeliveryOutcome.DELIVERED);
      }
    }

    /** Every callback taken so far, in order. */
    synchronized List<Notification> notifications() {
      return List.copyOf(taken);
    }

    @Override
    public void close() {}
  }
}
