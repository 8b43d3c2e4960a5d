package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.InMemorySubscriptionStore;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.model.api.Subscription;
import org.sepapi.testkit.ManualScheduler;

/**
 * Two services sharing one {@link InMemorySubscriptionStore}: the second takes over what the first
 * ran, after a crash (the first just stops: its timers never run again and its transport is gone)
 * or after the first was closed.
 */
class TakeoverTest {
  private final Kit kit = new Kit();
  private final Registrar registrar = kit.registrar;
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final RecordingSink firstSink = new RecordingSink();
  private final RecordingSink secondSink = new RecordingSink();

  // the first service's timers run on a scheduler nobody advances once it is dead
  private final ManualScheduler firstTimers = ManualScheduler.on(kit.clock);
  private final SipTransport firstTransport = kit.network.transport("gateway1.test");

  private SubscriptionService first() {
    return SubscriptionService.builder()
        .transport(firstTransport)
        .scheduler(firstTimers)
        .clock(kit.clock)
        .executor(Runnable::run)
        .random(new java.util.Random(1))
        .sink(firstSink)
        .store(store)
        .identity(org.sepapi.core.sip.NameAddr.parse("<sip:sepapi@gateway1.test>"))
        .build();
  }

  private SubscriptionService second() {
    return kit.builder("gateway2.test", secondSink, kit.scheduler).store(store).build();
  }

  @Test
  void afterACrashTheSecondServiceSubscribesAgainAndCallsBackTheFullState() {
    String alice1 = registrar.register("alice");
    SubscriptionService first = first();
    String id = kit.create(first, kit.reg("alice", "bob"));
    SubscriptionRequest polled = kit.request("reg", Optional.empty(), Duration.ofHours(2), "carol");
    String polledId = kit.create(first, polled);
    registrar.register("bob");
    kit.network.runUntilIdle();
    assertEquals(2, store.all().size());
    assertTrue(firstSink.count() >= 2);
    ClientView view = new ClientView();
    firstSink.documents().forEach(view::apply);

    // the first gateway dies: no unsubscribe, its dialogs die with it on the PBX
    firstTransport.close();
    registrar.forgetSubscriber("gateway1.test");
    registrar.unregister("alice", alice1, false);
    String alice2 = registrar.register("alice");
    kit.scheduler.advance(Duration.ofMinutes(5));

    SubscriptionService second = second();
    assertEquals(2, second.recover());
    assertEquals(0, second.recover(), "what runs is not taken over twice");
    kit.network.runUntilIdle();

    List<Registrar.Received> fromSecond =
        registrar.subscribes().stream()
            .filter(r -> r.request().header("Contact").orElse("").contains("gateway2.test"))
            .toList();
    assertEquals(3, fromSecond.size(), fromSecond::toString);
    assertTrue(fromSecond.stream().allMatch(Registrar.Received::initial));

    List<Notification> callbacks = secondSink.notifications(id);
    assertFalse(callbacks.isEmpty());
    Notification firstAfter = callbacks.get(0);
    assertTrue(firstAfter.fullState(), "the first callback after the takeover is full");
    assertEquals(Kit.CALLBACK, firstAfter.callback());
    assertTrue(secondSink.notifications(polledId).isEmpty(), "a polled one is not called back");

    view.restart();
    secondSink.documents().forEach(view::apply);
    Subscription got = kit.get(second, id);
    assertEquals(ClientView.of(got), view.resources());
    assertEquals(
        List.of(alice2),
        Docs.reginfo(Docs.instance(got, registrar.aor("alice")))
            .registrations()
            .get(0)
            .contacts()
            .stream()
            .map(org.sepapi.model.reginfo.Contact::id)
            .toList(),
        "the state now, not the state before the crash");
    assertEquals(
        registrar.truth("bob"),
        Docs.reginfo(Docs.instance(got, registrar.aor("bob"))).registrations().get(0));
    assertEquals(
        registrar.truth("carol"),
        Docs.reginfo(Docs.instance(kit.get(second, polledId), registrar.aor("carol")))
            .registrations()
            .get(0));
    assertEquals(2, second.list(Kit.OWNER).size());

    // the second one runs it from now on: refreshes, changes, expiry
    registrar.register("bob");
    kit.network.runUntilIdle();
    assertEquals(
        registrar.truth("bob"),
        Docs.reginfo(Docs.instance(Docs.decode(secondSink.last()), registrar.aor("bob")))
            .registrations()
            .get(0));
    kit.scheduler.advance(Duration.ofHours(1));
    assertEquals(Optional.empty(), Kit.done(second.get(Kit.OWNER, id)), "expired");
    assertTrue(secondSink.last().terminal());
    assertEquals(List.of(polledId), store.all().stream().map(s -> s.id()).toList());
  }

  @Test
  void anExpiredStoredSubscriptionIsDroppedNotTakenOver() {
    SubscriptionService first = first();
    kit.create(first, kit.request("reg", Optional.empty(), Duration.ofMinutes(1), "alice"));
    firstTransport.close();
    registrar.forgetSubscriber("gateway1.test");
    kit.scheduler.advance(Duration.ofMinutes(2));
    SubscriptionService second = second();
    assertEquals(0, second.recover());
    assertEquals(List.of(), store.all());
    assertEquals(0, second.size());
  }

  @Test
  void closeEndsTheSipSideButLeavesTheStoreForTheNextService() {
    registrar.register("alice");
    SubscriptionService first = first();
    String id = kit.create(first, kit.reg("alice"));
    int callbacks = firstSink.count();
    first.close();
    kit.network.runUntilIdle();

    assertEquals(0, registrar.dialogCount(), "unsubscribed");
    assertEquals(
        1, registrar.subscribes().stream().filter(r -> r.expires() == 0).count(), "Expires: 0");
    assertEquals(callbacks, firstSink.count(), "the client is not told it ended: it goes on");
    assertEquals(List.of(id), store.all().stream().map(s -> s.id()).toList());
    assertEquals(0, first.size());

    SubscriptionService second = second();
    assertEquals(1, second.recover());
    kit.network.runUntilIdle();
    assertTrue(secondSink.notifications(id).get(0).fullState());
    assertEquals(
        registrar.truth("alice"),
        Docs.reginfo(Docs.instance(kit.get(second, id), registrar.aor("alice")))
            .registrations()
            .get(0));
  }
}
