package org.sepapi.core.functional.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Notification;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.multipart.MultipartRelated;
import org.sepapi.model.pidf.Presence;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;
import org.sepapi.model.rlmi.RlmiList;

/**
 * RLS mode end to end (RFC 4662): one SUBSCRIBE to a list URI with {@code Supported: eventlist},
 * multipart/related RLMI NOTIFYs, and the list's resources in the GET and callback documents.
 */
class RlsSubscriptionTest {
  private static final String LIST = "sip:buddies@pbx.test";
  private static final String BOB = "sip:bob@example.com";
  private static final String CAROL = "sip:carol@example.com";
  private static final String DAVE = "sip:dave@example.com";

  private final Kit kit = new Kit();
  private final RecordingSink sink = kit.sink;
  private final SubscriptionService service = kit.service();
  private String id;
  private SipRequest subscribe;

  @BeforeEach
  void subscribe() {
    kit.pbx.answer("SUBSCRIBE", 202);
  }

  @AfterEach
  void noFailedTakes() {
    assertEquals(List.of(), sink.failures());
  }

  private SubscriptionRequest rls() {
    return new SubscriptionRequest(
        Kit.OWNER,
        "presence",
        List.of(),
        Optional.of(SipUri.parse(LIST)),
        Optional.of(Kit.CALLBACK),
        kit.clock.instant().plus(Duration.ofHours(1)),
        List.of());
  }

  private void start() {
    id = kit.create(service, rls());
    subscribe = kit.pbx.takeRequest("SUBSCRIBE");
  }

  private void send(SipRequest dialog, String state, MultipartRelated body) {
    kit.pbx.notifyFor(dialog).state(state).body(body.contentType(), body.encode()).send();
    kit.network.runUntilIdle();
  }

  private void send(MultipartRelated body) {
    send(subscribe, "active;expires=3600", body);
  }

  private Subscription get() {
    return kit.get(service, id);
  }

  private static Presence presence(Instance instance) {
    assertEquals(1, instance.content().size(), instance::toString);
    return RlsNotify.PIDF.decode(instance.content().get(0));
  }

  private static boolean open(Subscription document, String uri) {
    Presence presence = presence(Docs.instance(document, uri));
    return presence.tuples().get(0).status().equals(org.sepapi.model.pidf.Status.open());
  }

  @Test
  void oneSubscribeAsksForTheListWithEventlist() {
    start();
    assertEquals(SipUri.parse(LIST), subscribe.requestUri());
    assertEquals(Optional.of("presence"), subscribe.header("Event"));
    assertEquals(Optional.of("eventlist"), subscribe.header("Supported"));
    List<String> accept = List.of(subscribe.header("Accept").orElseThrow().split("\\s*,\\s*"));
    assertTrue(accept.contains(Presence.CONTENT_TYPE), accept::toString);
    assertTrue(accept.contains(RlmiList.CONTENT_TYPE), accept::toString);
    assertTrue(accept.contains(MultipartRelated.MEDIA_TYPE), accept::toString);
    assertEquals(accept.size(), accept.stream().distinct().count(), "no type twice");
    kit.pbx.assertNoMoreRequests();
    assertEquals(List.of(), Docs.uris(get()), "nothing known yet");
  }

  @Test
  void theListsResourcesAreShownAndCalledBackAsTheyChange() {
    start();
    send(
        RlsNotify.full(LIST, 0)
            .active(BOB, "b1", true)
            .without(CAROL, "c1", Instance.State.PENDING, null)
            .build());
    Subscription got = get();
    assertEquals(List.of(BOB, CAROL), Docs.uris(got));
    assertEquals(Instance.State.ACTIVE, Docs.instance(got, BOB).state());
    assertEquals("b1", Docs.instance(got, BOB).id());
    assertTrue(open(got, BOB));
    assertEquals(Instance.State.PENDING, Docs.instance(got, CAROL).state());
    assertEquals(List.of(), Docs.instance(got, CAROL).content());
    assertEquals("urn:sepapi:subscription:" + id, Docs.list(got).uri(), "the API's own list URI");

    assertEquals(1, sink.count());
    Notification first = sink.last();
    assertTrue(first.fullState());
    assertEquals(1, first.version());
    assertEquals(ClientView.of(got), ClientView.of(Docs.decode(first)));

    // partial: only bob changed
    send(RlsNotify.partial(LIST, 1).active(BOB, "b1", false).build());
    got = get();
    assertFalse(open(got, BOB));
    assertEquals(Instance.State.PENDING, Docs.instance(got, CAROL).state(), "carol as she was");
    Notification second = sink.last();
    assertEquals(2, second.version());
    assertFalse(second.fullState());
    assertEquals(List.of(BOB), Docs.uris(Docs.decode(second)));
    assertEquals(Docs.resource(got, BOB), Docs.resource(Docs.decode(second), BOB));

    // partial: a new resource
    send(RlsNotify.partial(LIST, 2).active(DAVE, "d1", true).build());
    Notification third = sink.last();
    assertEquals(3, third.version());
    assertEquals(List.of(DAVE), Docs.uris(Docs.decode(third)));
    assertEquals(List.of(BOB, CAROL, DAVE), Docs.uris(get()));

    // a full list without carol: the callback says so with the full state
    send(RlsNotify.full(LIST, 3).active(BOB, "b1", false).active(DAVE, "d1", true).build());
    Notification fourth = sink.last();
    assertEquals(4, fourth.version());
    assertTrue(fourth.fullState(), "a resource went: only a full state can say it");
    assertEquals(List.of(BOB, DAVE), Docs.uris(Docs.decode(fourth)));
    assertEquals(List.of(BOB, DAVE), Docs.uris(get()));

    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
    assertEquals(ClientView.of(get()), view.resources());
  }

  @Test
  void aVersionGapIsResynchronisedWithARefresh() {
    start();
    send(RlsNotify.full(LIST, 0).active(BOB, "b1", true).build());
    send(RlsNotify.partial(LIST, 2).active(BOB, "b1", false).build());
    SipRequest refresh = kit.pbx.takeRequest("SUBSCRIBE");
    assertEquals(subscribe.callId(), refresh.callId(), "a refresh in the dialog");
    assertTrue(open(get(), BOB), "the gap was not applied");
    send(refresh, "active;expires=3600", RlsNotify.full(LIST, 3).active(BOB, "b1", false).build());
    assertFalse(open(get(), BOB));
    assertFalse(open(Docs.decode(sink.last()), BOB));
  }

  @Test
  void deleteUnsubscribesTheListAndCallsBackEveryInstanceTerminated() {
    start();
    send(RlsNotify.full(LIST, 0).active(BOB, "b1", true).active(CAROL, "c1", true).build());
    long before = sink.last().version();
    assertTrue(service.delete(Kit.OWNER, id));
    SipRequest unsubscribe = kit.pbx.takeRequest("SUBSCRIBE");
    assertEquals(0, unsubscribe.expires().orElseThrow());
    assertEquals(subscribe.callId(), unsubscribe.callId());
    send(
        unsubscribe,
        "terminated;reason=timeout",
        RlsNotify.full(LIST, 1)
            .without(BOB, "b1", Instance.State.TERMINATED, "timeout")
            .without(CAROL, "c1", Instance.State.TERMINATED, "timeout")
            .build());

    List<Notification> terminal =
        sink.notifications().stream().filter(Notification::terminal).toList();
    assertEquals(1, terminal.size(), terminal::toString);
    Notification last = sink.last();
    assertTrue(last.terminal());
    assertTrue(last.fullState());
    assertEquals(before + 1, last.version());
    Subscription document = Docs.decode(last);
    assertEquals(List.of(BOB, CAROL), Docs.uris(document));
    for (Resource resource : Docs.list(document).resources()) {
      for (Instance instance : resource.instances()) {
        assertEquals(Instance.State.TERMINATED, instance.state());
        assertEquals(Optional.of("unsubscribed"), instance.reason());
      }
    }
    assertEquals(Optional.empty(), Kit.done(service.get(Kit.OWNER, id)));
    kit.pbx.assertNoMoreRequests();
  }

  @Test
  void aRefusedListIsShownTerminatedWithItsReason() {
    kit.pbx.answer("SUBSCRIBE", 404);
    start();
    Subscription got = get();
    Instance list = Docs.instance(got, LIST);
    assertEquals(Instance.State.TERMINATED, list.state());
    assertEquals(Optional.of("noresource"), list.reason());
    assertEquals(1, sink.count(), "the client is told");
    assertEquals(ClientView.of(got), ClientView.of(Docs.decode(sink.last())));
  }

  @Test
  void aNewListDialogIsCalledBackWithTheFullState() {
    start();
    send(RlsNotify.full(LIST, 0).active(BOB, "b1", true).active(CAROL, "c1", true).build());
    // the RLS ends the subscription and the gateway subscribes again at once
    kit.pbx.notifyFor(subscribe).state("terminated;reason=deactivated").send();
    kit.network.runUntilIdle();
    SipRequest again = kit.pbx.takeRequest("SUBSCRIBE");
    assertTrue(again.to().tag().isEmpty(), "a new subscription");
    long before = sink.last().version();
    send(again, "active;expires=3600", RlsNotify.full(LIST, 0).active(BOB, "b2", true).build());

    Notification next = sink.last();
    assertTrue(next.version() > before);
    assertTrue(next.fullState(), "carol went with the old dialog: " + next);
    assertEquals(List.of(BOB), Docs.uris(Docs.decode(next)));
    assertEquals(List.of(BOB), Docs.uris(get()));
    ClientView view = new ClientView();
    sink.documents().forEach(view::apply);
    assertEquals(ClientView.of(get()), view.resources());
  }
}
