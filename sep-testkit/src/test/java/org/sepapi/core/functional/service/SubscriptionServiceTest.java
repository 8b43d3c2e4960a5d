package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.CallbackPolicy;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.model.DocumentState;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Contact;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.reginfo.Registration;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/**
 * The SEP API's subscriptions end to end on the kit, fan-out mode: a {@link SubscriptionService}
 * with a direct executor subscribing to a {@link Registrar} on the in-memory network, read back as
 * a client reads them (the GET document, the callback documents).
 */
class SubscriptionServiceTest {
  private final Kit kit = new Kit();
  private final Registrar registrar = kit.registrar;
  private final RecordingSink sink = kit.sink;
  private SubscriptionService service = kit.service();

  @AfterEach
  void noFailedTakes() {
    assertEquals(List.of(), sink.failures());
  }

  private String create(String... users) {
    return kit.create(service, kit.reg(users));
  }

  private Subscription get(String id) {
    return kit.get(service, id);
  }

  private Notification lastCallback() {
    return sink.last();
  }

  private static Registration registration(Subscription document, String aor) {
    Reginfo reginfo = Docs.reginfo(Docs.instance(document, aor));
    assertEquals(DocumentState.FULL, reginfo.state(), "the merged state is full");
    assertEquals(1, reginfo.registrations().size(), reginfo::toString);
    return reginfo.registrations().get(0);
  }

  private static List<String> contactIds(Registration registration) {
    return registration.contacts().stream().map(Contact::id).toList();
  }

  // ---- create and GET

  @Test
  void createSubscribesToEachResourceAndGetShowsEachMergedStateInline() {
    String alice1 = registrar.register("alice");
    Subscription created = Kit.done(service.create(kit.reg("alice", "bob", "alice")));

    assertEquals("reg", created.event());
    assertEquals(
        List.of(registrar.aor("alice"), registrar.aor("bob")),
        Docs.uris(created),
        "one resource per distinct entry, in order");
    assertEquals(Optional.of(Kit.CALLBACK.toString()), created.notifyUrl());
    assertEquals(
        Optional.of(kit.start.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)),
        created.expires());
    kit.network.runUntilIdle();

    List<Registrar.Received> subscribes = registrar.subscribes();
    assertEquals(2, subscribes.size(), "one SUBSCRIBE per resource: " + subscribes);
    for (Registrar.Received received : subscribes) {
      SipRequest subscribe = received.request();
      assertTrue(received.initial());
      assertEquals(Optional.of("reg"), subscribe.header("Event"));
      assertEquals(Optional.of(Reginfo.CONTENT_TYPE), subscribe.header("Accept"));
      assertEquals(3600, received.expires());
    }
    assertEquals(
        List.of(registrar.aor("alice"), registrar.aor("bob")),
        subscribes.stream().map(Registrar.Received::to).toList());

    Subscription got = get(created.id());
    assertEquals(created.id(), got.id());
    assertEquals(List.of(registrar.aor("alice"), registrar.aor("bob")), Docs.uris(got));
    Instance alice = Docs.instance(got, registrar.aor("alice"));
    assertEquals(Instance.State.ACTIVE, alice.state());
    Registration aliceState = registration(got, registrar.aor("alice"));
    assertEquals(registrar.truth("alice"), aliceState);
    assertEquals(List.of(alice1), contactIds(aliceState));
    Registration bobState = registration(got, registrar.aor("bob"));
    assertEquals(Registration.State.INIT, bobState.state());
    assertEquals(List.of(), bobState.contacts());
  }

  @Test
  void partialNotifiesAreMergedIntoTheFullState() {
    String alice1 = registrar.register("alice");
    String id = create("alice", "bob");

    String alice2 = registrar.register("alice");
    String bob1 = registrar.register("bob");
    registrar.refresh("alice", alice1);
    kit.network.runUntilIdle();
    Subscription got = get(id);
    assertEquals(List.of(alice1, alice2), contactIds(registration(got, registrar.aor("alice"))));
    assertEquals(registrar.truth("alice"), registration(got, registrar.aor("alice")));
    assertEquals(registrar.truth("bob"), registration(got, registrar.aor("bob")));
    assertEquals(
        Docs.reginfo(Docs.instance(got, registrar.aor("alice"))).version(),
        2,
        "version 0 full, then two partial NOTIFYs");

    registrar.unregister("alice", alice1, false);
    registrar.unregister("bob", bob1, true);
    kit.network.runUntilIdle();
    got = get(id);
    assertEquals(List.of(alice2), contactIds(registration(got, registrar.aor("alice"))));
    Registration bob = registration(got, registrar.aor("bob"));
    assertEquals(Registration.State.TERMINATED, bob.state());
    assertEquals(List.of(), bob.contacts());
    assertEquals(registrar.truth("bob"), bob);
  }

  @Test
  void dialogInfoNotifiesAreMergedByDialogId() {
    kit.pbx.answer("SUBSCRIBE", 202);
    SubscriptionRequest request =
        kit.request("dialog", Optional.of(Kit.CALLBACK), Duration.ofHours(1), "alice");
    String id = kit.create(service, request);
    SipRequest subscribe = kit.pbx.takeRequest("SUBSCRIBE");
    assertEquals(Optional.of("dialog"), subscribe.header("Event"));
    assertEquals(Optional.of(DialogInfo.CONTENT_TYPE), subscribe.header("Accept"));

    notifyDialogs(subscribe, 0, DocumentState.FULL, dialog("d1", Dialog.State.CONFIRMED));
    notifyDialogs(subscribe, 1, DocumentState.PARTIAL, dialog("d2", Dialog.State.EARLY));
    kit.network.runUntilIdle();
    DialogInfo merged = Docs.dialogInfo(Docs.instance(get(id), registrar.aor("alice")));
    assertEquals(List.of("d1", "d2"), merged.dialogs().stream().map(Dialog::id).toList());
    assertEquals(DocumentState.FULL, merged.state());

    notifyDialogs(subscribe, 2, DocumentState.PARTIAL, dialog("d1", Dialog.State.TERMINATED));
    notifyDialogs(subscribe, 3, DocumentState.PARTIAL, dialog("d2", Dialog.State.CONFIRMED));
    kit.network.runUntilIdle();
    merged = Docs.dialogInfo(Docs.instance(get(id), registrar.aor("alice")));
    assertEquals(List.of("d2"), merged.dialogs().stream().map(Dialog::id).toList());
    assertEquals(Dialog.State.CONFIRMED, merged.dialogs().get(0).state());
    assertEquals(3, merged.version());

    // the callbacks told the same, one change each
    Subscription last = Docs.decode(lastCallback());
    assertEquals(
        merged, Docs.dialogInfo(Docs.instance(last, registrar.aor("alice"))), "the last callback");
  }

  private static Dialog dialog(String id, Dialog.State state) {
    return Dialog.builder().id(id).callId("call-" + id).state(state).build();
  }

  private void notifyDialogs(SipRequest subscribe, long version, DocumentState state, Dialog d) {
    DialogInfo info =
        DialogInfo.builder()
            .version(version)
            .state(state)
            .entity(subscribe.to().uri().toString())
            .addDialog(d)
            .build();
    kit.pbx
        .notifyFor(subscribe)
        .state("active;expires=3600")
        .body(DialogInfo.CONTENT_TYPE, Docs.DIALOG_INFO.encode(info))
        .send();
  }

  // ---- callbacks

  @Test
  void theFirstCallbackIsFullThenEachCarriesOnlyWhatChangedWithTheNextVersion() {
    String id = create("alice", "bob", "carol");
    List<Notification> callbacks = sink.notifications();
    assertFalse(callbacks.isEmpty(), "the NOTIFYs were called back");
    Notification first = callbacks.get(0);
    assertEquals(1, first.version());
    assertTrue(first.fullState());
    assertFalse(first.terminal());
    assertEquals(Kit.CALLBACK, first.callback());
    assertEquals(id, first.subscriptionId());
    Subscription firstDocument = Docs.decode(first);
    assertEquals(
        List.of(registrar.aor("alice"), registrar.aor("bob"), registrar.aor("carol")),
        Docs.uris(firstDocument),
        "a full-state callback lists every resource");
    assertEquals(
        Instance.State.ACTIVE, Docs.instance(firstDocument, registrar.aor("alice")).state());
    for (int i = 1; i < callbacks.size(); i++) {
      assertEquals(i + 1, callbacks.get(i).version(), "one more per callback");
      assertFalse(callbacks.get(i).fullState());
    }

    long before = sink.last().version();
    String bob1 = registrar.register("bob");
    kit.network.runUntilIdle();
    Notification change = lastCallback();
    assertEquals(before + 1, change.version());
    assertFalse(change.fullState());
    Subscription document = Docs.decode(change);
    assertEquals(List.of(registrar.aor("bob")), Docs.uris(document), "only what changed");
    assertEquals(List.of(bob1), contactIds(registration(document, registrar.aor("bob"))));
    assertEquals(
        Docs.resource(get(id), registrar.aor("bob")),
        Docs.resource(document, registrar.aor("bob")));

    // the client that applies every callback in order holds what a GET shows
    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
    assertEquals(ClientView.of(get(id)), view.resources());
  }

  @Test
  void changesBeforeTheSinkTakesCoalesceIntoOneCallback() {
    String id = create("alice", "bob", "carol");
    long before = sink.last().version();
    int count = sink.count();

    sink.pause();
    String alice1 = registrar.register("alice");
    String bob1 = registrar.register("bob");
    registrar.refresh("alice", alice1);
    String alice2 = registrar.register("alice");
    kit.network.runUntilIdle();
    assertEquals(count, sink.count());
    sink.resume();

    assertEquals(count + 1, sink.count(), "one callback for four NOTIFYs");
    Notification callback = lastCallback();
    assertEquals(before + 1, callback.version());
    assertFalse(callback.fullState());
    Subscription document = Docs.decode(callback);
    assertEquals(List.of(registrar.aor("alice"), registrar.aor("bob")), Docs.uris(document));
    assertEquals(registrar.truth("alice"), registration(document, registrar.aor("alice")));
    assertEquals(
        List.of(alice1, alice2), contactIds(registration(document, registrar.aor("alice"))));
    assertEquals(List.of(bob1), contactIds(registration(document, registrar.aor("bob"))));
    assertEquals(ClientView.of(get(id)).size(), 3);
  }

  @Test
  void afterADeliveryIsGivenUpTheNextCallbackCarriesTheFullState() {
    create("alice", "bob");
    long before = sink.last().version();

    sink.thenAnswer(DeliveryOutcome.GAVE_UP);
    registrar.register("alice");
    kit.network.runUntilIdle();
    assertEquals(before + 1, sink.last().version());
    assertFalse(sink.last().fullState());

    registrar.register("bob");
    kit.network.runUntilIdle();
    Notification next = lastCallback();
    assertEquals(before + 2, next.version(), "the given-up version stays used: a gap shows");
    assertTrue(next.fullState(), "the receiver catches up");
    Subscription document = Docs.decode(next);
    assertEquals(List.of(registrar.aor("alice"), registrar.aor("bob")), Docs.uris(document));
    assertEquals(registrar.truth("alice"), registration(document, registrar.aor("alice")));

    registrar.register("bob");
    kit.network.runUntilIdle();
    assertFalse(lastCallback().fullState(), "partial again once a full state went through");
    assertEquals(before + 3, lastCallback().version());
  }

  @Test
  void goneEndsTheSubscriptionWithoutAnotherCallback() {
    String id = create("alice", "bob");
    int count = sink.count();

    sink.thenAnswer(DeliveryOutcome.GONE);
    registrar.register("alice");
    kit.network.runUntilIdle();
    assertEquals(count + 1, sink.count());

    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    assertEquals(List.of(), service.list(Kit.OWNER));
    List<Registrar.Received> unsubscribes =
        registrar.subscribes().stream().filter(r -> r.expires() == 0).toList();
    assertEquals(2, unsubscribes.size(), "every SIP subscription ended: " + unsubscribes);
    assertEquals(0, registrar.dialogCount());

    registrar.register("alice");
    registrar.notifyFull("bob");
    kit.scheduler.advance(Duration.ofHours(2));
    assertEquals(count + 1, sink.count(), "no callback after 410 Gone");
    assertEquals(2 + 2, registrar.subscribes().size(), "no SUBSCRIBE after it ended");
    assertEquals(0, service.size());
  }

  // ---- update

  @Test
  void anUpdatedExpiryIsWhatTheRefreshesFollow() {
    String id = create("alice");
    assertEquals(3600, registrar.subscribes().get(0).expires());
    SubscriptionRequest longer =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofHours(3), "alice");
    Subscription updated = Kit.done(service.update(Kit.OWNER, id, longer)).orElseThrow();
    assertEquals(Optional.of(longer.expires().atOffset(ZoneOffset.UTC)), updated.expires());
    assertEquals(
        Optional.of(longer.expires().atOffset(ZoneOffset.UTC)), get(id).expires(), "a GET too");

    // the first refresh comes before the hour is out and asks for a whole hour again
    kit.scheduler.advance(Duration.ofMinutes(55));
    List<Registrar.Received> subscribes = registrar.subscribes();
    assertEquals(2, subscribes.size(), subscribes::toString);
    assertFalse(subscribes.get(1).initial());
    assertEquals(3600, subscribes.get(1).expires());

    // the old expiry passes: nothing ends
    kit.scheduler.advance(Duration.ofMinutes(10));
    assertTrue(Kit.done(service.get(Kit.OWNER, id)).isPresent());
    assertTrue(sink.notifications().stream().noneMatch(Notification::terminal));

    // the new one ends it at its instant, and no refresh asked for longer than it
    kit.scheduler.advance(Duration.ofHours(3));
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    Instant expiry = longer.expires();
    for (Registrar.Received received : registrar.subscribes()) {
      // Expires is whole seconds, rounded up so that the last grant reaches the expiry
      assertFalse(
          received.at().plusSeconds(received.expires()).isAfter(expiry.plusSeconds(1)),
          received::toString);
    }
    Registrar.Received last = registrar.subscribes().get(registrar.subscribes().size() - 1);
    assertEquals(0, last.expires());
    assertEquals(expiry, last.at());
  }

  @Test
  void aShortenedExpiryEndsItSooner() {
    String id = create("alice");
    SubscriptionRequest shorter =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofMinutes(10), "alice");
    Kit.done(service.update(Kit.OWNER, id, shorter)).orElseThrow();
    kit.scheduler.advance(Duration.ofMinutes(10).minusMillis(1));
    assertTrue(Kit.done(service.get(Kit.OWNER, id)).isPresent());
    kit.scheduler.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    assertTrue(lastCallback().terminal());
    Registrar.Received last = registrar.subscribes().get(registrar.subscribes().size() - 1);
    assertEquals(0, last.expires());
    assertEquals(shorter.expires(), last.at());
  }

  @Test
  void anUpdateSubscribesToAddedResourcesAndUnsubscribesRemovedOnes() {
    registrar.register("alice");
    registrar.register("carol");
    String id = create("alice", "bob");
    long before = sink.last().version();
    int subscribes = registrar.subscribes().size();

    SubscriptionRequest changed =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofHours(1), "bob", "carol");
    Subscription updated = Kit.done(service.update(Kit.OWNER, id, changed)).orElseThrow();
    assertEquals(List.of(registrar.aor("bob"), registrar.aor("carol")), Docs.uris(updated));
    kit.network.runUntilIdle();

    List<Registrar.Received> sent = registrar.subscribes();
    List<Registrar.Received> after = sent.subList(subscribes, sent.size());
    assertEquals(2, after.size(), after::toString);
    assertTrue(
        after.stream()
            .anyMatch(
                r -> r.to().equals(registrar.aor("alice")) && r.expires() == 0 && !r.initial()),
        "alice unsubscribed");
    assertTrue(
        after.stream().anyMatch(r -> r.to().equals(registrar.aor("carol")) && r.initial()),
        "carol subscribed");
    assertEquals(0, registrar.dialogCount("alice"));

    Subscription got = get(id);
    assertEquals(List.of(registrar.aor("bob"), registrar.aor("carol")), Docs.uris(got));
    assertEquals(registrar.truth("carol"), registration(got, registrar.aor("carol")));

    // a removed resource is told with a full state (a partial one cannot say it went)
    List<Notification> since =
        sink.notifications().stream().filter(n -> n.version() > before).toList();
    assertFalse(since.isEmpty());
    assertTrue(since.get(0).fullState(), since.get(0)::toString);
    for (Notification n : since) {
      assertFalse(
          Docs.uris(Docs.decode(n)).contains(registrar.aor("alice")), "alice is gone: " + n);
    }
    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
    assertEquals(ClientView.of(got), view.resources());

    int count = sink.count();
    registrar.register("alice");
    kit.network.runUntilIdle();
    assertEquals(count, sink.count(), "nothing from a removed resource");
  }

  @Test
  void aNewNotifyUrlGetsTheFullStateAtOnce() {
    registrar.register("alice");
    String id = create("alice", "bob");
    long before = sink.last().version();

    URI elsewhere = URI.create("https://client.test/elsewhere");
    SubscriptionRequest moved =
        kit.request("reg", Optional.of(elsewhere), Duration.ofHours(1), "alice", "bob");
    Kit.done(service.update(Kit.OWNER, id, moved)).orElseThrow();
    Notification callback = lastCallback();
    assertEquals(elsewhere, callback.callback());
    assertEquals(before + 1, callback.version());
    assertTrue(callback.fullState());
    Subscription document = Docs.decode(callback);
    assertEquals(Optional.of(elsewhere.toString()), document.notifyUrl());
    assertEquals(ClientView.of(get(id)), ClientView.of(document));
    assertEquals(registrar.truth("alice"), registration(document, registrar.aor("alice")));
  }

  @Test
  void aPolledSubscriptionThatGetsANotifyUrlIsCalledBackWithTheFullState() {
    registrar.register("alice");
    SubscriptionRequest polled =
        kit.request("reg", Optional.empty(), Duration.ofHours(1), "alice", "bob");
    String id = kit.create(service, polled);
    assertEquals(0, sink.count(), "no callback without a URL");
    assertEquals(registrar.truth("alice"), registration(get(id), registrar.aor("alice")));

    Kit.done(service.update(Kit.OWNER, id, kit.reg("alice", "bob"))).orElseThrow();
    assertEquals(1, sink.count(), "the state known so far, at once");
    Notification callback = lastCallback();
    assertEquals(1, callback.version());
    assertTrue(callback.fullState());
    assertEquals(ClientView.of(get(id)), ClientView.of(Docs.decode(callback)));
  }

  @Test
  void anExtendedExpiryRevivesAResourceThatRanOutOfTimeUnderTheOldOne() {
    // the PBX asks for 30 s more than the subscription has left: the resource cannot make it
    kit.pbx.answerNext("SUBSCRIBE", 503, "Retry-After: 30");
    String alice1 = registrar.register("alice");
    SubscriptionRequest brief =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofSeconds(10), "alice");
    String id = kit.create(service, brief);
    Instance ranOut = Docs.instance(get(id), registrar.aor("alice"));
    assertEquals(Instance.State.TERMINATED, ranOut.state());
    assertEquals(Optional.of("expired"), ranOut.reason());

    Kit.done(service.update(Kit.OWNER, id, kit.reg("alice"))).orElseThrow();
    kit.network.runUntilIdle();
    Instance revived = Docs.instance(get(id), registrar.aor("alice"));
    assertEquals(Instance.State.ACTIVE, revived.state(), revived::toString);
    assertEquals(List.of(alice1), contactIds(Docs.reginfo(revived).registrations().get(0)));
    kit.scheduler.advance(Duration.ofSeconds(20));
    assertTrue(Kit.done(service.get(Kit.OWNER, id)).isPresent(), "the old expiry is gone");
  }

  @Test
  void anUpdateKeepsTheEventAndTheMode() {
    String id = create("alice");
    SubscriptionRequest dialog =
        kit.request("dialog", Optional.of(Kit.CALLBACK), Duration.ofHours(1), "alice");
    assertThrows(IllegalArgumentException.class, () -> service.update(Kit.OWNER, id, dialog));
    assertEquals("reg", get(id).event());
  }

  // ---- delete and expiry

  @Test
  void deleteUnsubscribesEveryResourceThenCallsBackTerminatedOnce() {
    registrar.register("alice");
    String id = create("alice", "bob");
    int subscribes = registrar.subscribes().size();
    long before = sink.last().version();

    assertTrue(service.delete(Kit.OWNER, id));
    kit.network.runUntilIdle();

    List<Registrar.Received> sent = registrar.subscribes();
    List<Registrar.Received> after = sent.subList(subscribes, sent.size());
    assertEquals(2, after.size(), after::toString);
    for (Registrar.Received received : after) {
      assertEquals(0, received.expires(), "Expires: 0");
      assertFalse(received.initial(), "within the dialog");
    }
    assertEquals(0, registrar.dialogCount());

    assertTerminalCallback(before + 1, "unsubscribed", "alice", "bob");
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    assertEquals(List.of(), service.list(Kit.OWNER));
    assertFalse(service.delete(Kit.OWNER, id), "deleted already");
    assertEquals(0, service.size());

    int count = sink.count();
    kit.scheduler.advance(Duration.ofHours(2));
    assertEquals(count, sink.count(), "one terminal callback, then nothing");
    assertEquals(sent.size(), registrar.subscribes().size(), "no SUBSCRIBE after it ended");
  }

  @Test
  void aDeleteAfterTheTransportWasClosedEndsTheSubscriptionWithoutAFailedTask() {
    org.sepapi.core.spi.SipTransport transport = kit.network.transport("closing.test");
    SubscriptionService own =
        kit.builder("unused.test", kit.sink, kit.scheduler).transport(transport).build();
    String id = kit.create(own, kit.reg("alice"));
    List<java.util.logging.LogRecord> severe = new java.util.ArrayList<>();
    java.util.logging.Logger serial =
        java.util.logging.Logger.getLogger("org.sepapi.core.internal.SerialExecutor");
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel() == java.util.logging.Level.SEVERE) {
              severe.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    serial.addHandler(handler);
    try {
      transport.close(); // a shutdown that closes the transport before the service's unsubscribes
      assertTrue(own.delete(Kit.OWNER, id));
      kit.network.runUntilIdle();
      kit.scheduler.advance(Duration.ofMinutes(1));
    } finally {
      serial.removeHandler(handler);
    }
    assertEquals(List.of(), severe, "the closed transport fails the unsubscribe, no task throws");
    assertEquals(0, own.size());
    assertEquals(Optional.empty(), Kit.done(own.get(Kit.OWNER, id)));
  }

  @Test
  void aDeletedSubscriptionIsGoneAtOnceEvenWhileItsLastCallbackWaits() {
    String id = create("alice");
    sink.pause();
    assertTrue(service.delete(Kit.OWNER, id));
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    assertEquals(List.of(), service.list(Kit.OWNER));
    assertFalse(service.delete(Kit.OWNER, id));
    assertEquals(Optional.empty(), Kit.done(service.update(Kit.OWNER, id, kit.reg("alice"))));
    sink.resume();
    assertTrue(lastCallback().terminal());
    assertEquals(0, service.size());
  }

  @Test
  void expiryEndsItAtItsInstantAsDeleteWould() {
    registrar.register("bob");
    SubscriptionRequest request =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofMinutes(30), "alice", "bob");
    String id = kit.create(service, request);
    assertEquals(1800, registrar.subscribes().get(0).expires(), "no longer than the expiry");

    kit.scheduler.advance(Duration.ofMinutes(30).minusMillis(1));
    assertTrue(Kit.done(service.get(Kit.OWNER, id)).isPresent());
    assertTrue(registrar.subscribes().stream().allMatch(r -> r.expires() > 0));
    assertTrue(sink.notifications().stream().noneMatch(Notification::terminal));
    long before = sink.last().version();

    kit.scheduler.advance(Duration.ofMillis(1));
    List<Registrar.Received> unsubscribes =
        registrar.subscribes().stream().filter(r -> r.expires() == 0).toList();
    assertEquals(2, unsubscribes.size(), unsubscribes::toString);
    for (Registrar.Received received : unsubscribes) {
      assertEquals(request.expires(), received.at());
    }
    assertTerminalCallback(before + 1, "expired", "alice", "bob");
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    assertEquals(List.of(), service.list(Kit.OWNER));

    int total = registrar.subscribes().size();
    kit.scheduler.advance(Duration.ofHours(3));
    assertEquals(total, registrar.subscribes().size(), "no refresh past the expiry");
    for (Registrar.Received received : registrar.subscribes()) {
      assertFalse(
          received.at().plusSeconds(received.expires()).isAfter(request.expires()),
          "a SUBSCRIBE asked past the expiry: " + received);
    }
  }

  private void assertTerminalCallback(long version, String reason, String... users) {
    List<Notification> terminal =
        sink.notifications().stream().filter(Notification::terminal).toList();
    assertEquals(1, terminal.size(), terminal::toString);
    Notification last = lastCallback();
    assertTrue(last.terminal());
    assertTrue(last.fullState());
    assertEquals(version, last.version());
    Subscription document = Docs.decode(last);
    assertEquals(java.util.Arrays.stream(users).map(registrar::aor).toList(), Docs.uris(document));
    for (String user : users) {
      Resource resource = Docs.resource(document, registrar.aor(user));
      assertFalse(resource.instances().isEmpty(), resource::toString);
      for (Instance instance : resource.instances()) {
        assertEquals(Instance.State.TERMINATED, instance.state(), instance::toString);
        assertEquals(Optional.of(reason), instance.reason(), instance::toString);
        assertEquals(List.of(), instance.content(), "a terminated instance carries no state");
      }
    }
  }

  // ---- ownership

  @Test
  void anotherOwnerCannotSeeChangeOrDeleteIt() {
    String id = create("alice");
    int subscribes = registrar.subscribes().size();

    assertEquals(Optional.empty(), Kit.done(service.get("intruder", id)));
    assertEquals(List.of(), service.list("intruder"));
    SubscriptionRequest theirs =
        new SubscriptionRequest(
            "intruder",
            "reg",
            List.of(registrar.uri("bob")),
            Optional.empty(),
            Optional.of(URI.create("http://intruder.test/")),
            kit.clock.instant().plus(Duration.ofHours(5)),
            List.of());
    assertEquals(Optional.empty(), Kit.done(service.update("intruder", id, theirs)));
    assertFalse(service.delete("intruder", id));

    Subscription got = get(id);
    assertEquals(List.of(registrar.aor("alice")), Docs.uris(got));
    assertEquals(Optional.of(Kit.CALLBACK.toString()), got.notifyUrl());
    assertEquals(1, service.list(Kit.OWNER).size());
    assertEquals(id, service.list(Kit.OWNER).get(0).id());
    kit.network.runUntilIdle();
    assertEquals(subscribes, registrar.subscribes().size(), "nothing was sent");
  }

  @Test
  void anUpdateCannotHandTheSubscriptionToAnotherOwner() {
    String id = create("alice");
    SubscriptionRequest other =
        new SubscriptionRequest(
            "intruder",
            "reg",
            List.of(registrar.uri("alice")),
            Optional.empty(),
            Optional.of(Kit.CALLBACK),
            kit.clock.instant().plus(Duration.ofHours(1)),
            List.of());
    assertThrows(IllegalArgumentException.class, () -> service.update(Kit.OWNER, id, other));
    assertTrue(Kit.done(service.get(Kit.OWNER, id)).isPresent());
    assertEquals(Optional.empty(), Kit.done(service.get("intruder", id)));
  }

  @Test
  void listShowsTheOwnersSubscriptions() {
    String one = create("alice");
    String two = create("bob", "carol");
    List<SubscriptionService.Summary> list = service.list(Kit.OWNER);
    assertEquals(2, list.size());
    SubscriptionService.Summary second =
        list.stream().filter(s -> s.id().equals(two)).findFirst().orElseThrow();
    assertEquals("reg", second.event());
    assertEquals(2, second.resources());
    assertTrue(list.stream().anyMatch(s -> s.id().equals(one)));
  }

  // ---- refusals

  @Test
  void aRefusedResourceIsTerminatedWithItsReasonAndTheOthersCarryOn() {
    registrar.register("alice");
    registrar.refuse("bob", 404);
    registrar.refuse("carol", 403);
    // three hours, so that alice's first grant (an hour) must be refreshed
    String id =
        kit.create(
            service,
            kit.request(
                "reg", Optional.of(Kit.CALLBACK), Duration.ofHours(3), "alice", "bob", "carol"));

    Subscription got = get(id);
    assertEquals(Instance.State.ACTIVE, Docs.instance(got, registrar.aor("alice")).state());
    assertEquals(registrar.truth("alice"), registration(got, registrar.aor("alice")));
    Instance bob = Docs.instance(got, registrar.aor("bob"));
    assertEquals(Instance.State.TERMINATED, bob.state());
    assertEquals(Optional.of("noresource"), bob.reason());
    Instance carol = Docs.instance(got, registrar.aor("carol"));
    assertEquals(Instance.State.TERMINATED, carol.state());
    assertEquals(Optional.of("rejected"), carol.reason());

    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
    assertEquals(ClientView.of(got), view.resources(), "the callbacks told the refusals");

    // no retry of a refusal; alice goes on
    kit.scheduler.advance(Duration.ofMinutes(59));
    assertEquals(1, registrar.subscribes("bob").size());
    assertEquals(1, registrar.subscribes("carol").size());
    assertTrue(registrar.subscribes("alice").size() >= 2, "alice refreshed");
    registrar.register("alice");
    kit.network.runUntilIdle();
    assertEquals(registrar.truth("alice"), registration(get(id), registrar.aor("alice")));
  }

  // ---- requests the service refuses

  @Test
  void aRequestThatCannotBeServedIsRefusedUpFront() {
    SubscriptionRequest past =
        kit.request("reg", Optional.of(Kit.CALLBACK), Duration.ofSeconds(-1), "alice");
    assertThrows(IllegalArgumentException.class, () -> service.create(past));
    SubscriptionRequest ftp =
        kit.request("reg", Optional.of(URI.create("ftp://client.test/")), Duration.ofHours(1), "a");
    assertThrows(CallbackPolicy.CallbackRefusedException.class, () -> service.create(ftp));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionRequest(
                Kit.OWNER,
                "reg",
                List.of(registrar.uri("alice")),
                Optional.empty(),
                Optional.empty(),
                kit.clock.instant().plusSeconds(60),
                List.of("application/reginfo+xml\r\nEvil: yes")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SubscriptionRequest(
                Kit.OWNER,
                "reg",
                List.of(registrar.uri("alice")),
                Optional.empty(),
                Optional.empty(),
                kit.clock.instant().plusSeconds(60),
                List.of("not a media type")));
    assertEquals(0, service.size());
    kit.network.runUntilIdle();
    assertEquals(List.of(), registrar.subscribes());
  }

  @Test
  void theSubscribeCarriesTheAcceptTypesAsked() {
    SubscriptionRequest request =
        new SubscriptionRequest(
            Kit.OWNER,
            "reg",
            List.of(registrar.uri("alice")),
            Optional.empty(),
            Optional.empty(),
            kit.clock.instant().plus(Duration.ofHours(1)),
            List.of("application/reginfo+xml", "application/xml;q=0.5"));
    kit.create(service, request);
    assertEquals(
        Optional.of("application/reginfo+xml, application/xml;q=0.5"),
        registrar.subscribes().get(0).request().header("Accept"));
  }
}
