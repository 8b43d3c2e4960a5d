package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.WebhookSink;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;

/**
 * The real {@link WebhookSink} calling a real local HTTP receiver that fails, stalls and recovers,
 * while the registrar keeps changing: every change arrives, in order, and what the receiver ends up
 * with is the registrar's true state. HTTP runs on real threads, so the test waits for arrivals
 * (bounded) and moves the sink's manual scheduler for its retries.
 */
@Timeout(60)
class WebhookEndToEndTest {
  private final Kit kit = new Kit();
  private final Registrar registrar = kit.registrar;
  private final ManualScheduler sinkTimers = ManualScheduler.on(ManualClock.create());
  private final LinkedBlockingQueue<Duration> retries = new LinkedBlockingQueue<>();
  private Receiver receiver;
  private WebhookSink webhook;
  private SubscriptionService service;
  private String id;

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver();
    Scheduler recording =
        (delay, task) -> {
          Scheduler.Cancellable cancellable = sinkTimers.schedule(delay, task);
          retries.add(delay);
          return cancellable;
        };
    webhook =
        WebhookSink.builder()
            .scheduler(recording)
            .clock(sinkTimers.clock())
            .requestTimeout(Duration.ofSeconds(15))
            .build();
    service = kit.service(b -> b.sink(webhook));
  }

  @AfterEach
  void stop() {
    service.close();
    webhook.close();
    receiver.close();
  }

  /** Lets the SIP side and the subscription's executor (which HTTP threads may drive) finish. */
  private void settle() {
    for (int i = 0; i < 3; i++) {
      kit.network.runUntilIdle();
      Kit.done(service.get(Kit.OWNER, id));
    }
  }

  private Duration awaitRetry() throws InterruptedException {
    Duration delay = retries.poll(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (delay == null) {
      throw new AssertionError("the sink scheduled no retry");
    }
    return delay;
  }

  private static Subscription document(Receiver.Request request) {
    return Docs.SUBSCRIPTION.decode(request.body());
  }

  @Test
  void aCallbackThatFailsStallsAndRecoversGetsEveryChangeInOrder() throws Exception {
    String alice1 = registrar.register("alice");
    receiver.answer(500);
    Receiver.Stall stall = receiver.stall(200);
    SubscriptionRequest request =
        kit.request("reg", Optional.of(receiver.uri("/cb")), Duration.ofHours(1), "alice", "bob");
    id = Kit.done(service.create(request)).id();
    settle();

    // the first callback: the full state; the receiver answers 500
    Receiver.Request first = receiver.take();
    assertEquals(id, first.subscriptionId());
    assertEquals(1, first.version());
    assertTrue(Docs.list(document(first)).fullState());
    Duration wait = awaitRetry();

    // a change while the callback is down
    String bob1 = registrar.register("bob");
    settle();
    sinkTimers.advance(wait);

    // the same notification again, which stalls
    Receiver.Request again = receiver.take();
    assertEquals(first.deliveryId(), again.deliveryId());
    assertArrayEquals(first.body(), again.body());
    stall.awaitReached();

    // changes while it stalls
    String alice2 = registrar.register("alice");
    registrar.unregister("alice", alice1, false);
    settle();
    assertEquals(2, receiver.received().size(), "one notification in flight at a time");
    stall.release();

    // recovered: one callback with everything that changed meanwhile
    Receiver.Request second = receiver.take();
    assertEquals(2, second.version());
    Subscription coalesced = document(second);
    assertFalse(Docs.list(coalesced).fullState());
    assertEquals(List.of(registrar.aor("alice"), registrar.aor("bob")), Docs.uris(coalesced));

    registrar.refresh("bob", bob1);
    settle();
    Receiver.Request third = receiver.take();
    assertEquals(3, third.version());
    assertEquals(List.of(registrar.aor("bob")), Docs.uris(document(third)));

    // nothing lost: applying each delivery once, in order, gives the registrar's true state
    ClientView view = new ClientView();
    Set<String> seen = new HashSet<>();
    for (Receiver.Request r : receiver.received()) {
      if (seen.add(r.deliveryId())) {
        view.apply(document(r));
      }
    }
    assertEquals(3, view.version());
    Subscription got = kit.get(service, id);
    assertEquals(ClientView.of(got), view.resources());
    for (String user : List.of("alice", "bob")) {
      Instance instance = Docs.instance(got, registrar.aor(user));
      assertEquals(registrar.truth(user), Docs.reginfo(instance).registrations().get(0));
    }
    assertEquals(
        List.of(alice2), registrar.contactIds("alice"), "the registrar's own view, for the record");
    assertEquals(4, receiver.received().size(), "no request more than needed");
    assertTrue(retries.isEmpty(), "no retry but the one");
  }
}
