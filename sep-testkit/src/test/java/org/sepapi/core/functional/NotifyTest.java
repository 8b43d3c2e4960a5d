package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.EventPackages;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.internal.ResourceContent;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.testkit.MockSipPeer;

/** NOTIFYs: in order and out of it, well formed and not, for this subscription and for none. */
class NotifyTest {
  static final String DIALOG_INFO = "application/dialog-info+xml";
  static final String REGINFO = "application/reginfo+xml";

  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  static String dialogInfo(int version, String state) {
    return "<?xml version=\"1.0\"?>\n"
        + "<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\""
        + version
        + "\" state=\"full\" entity=\"sip:alice@pbx.test\">\n"
        + "  <dialog id=\"d1\"><state>"
        + state
        + "</state></dialog>\n"
        + "</dialog-info>\n";
  }

  static String reginfo(int version, String state, String contactState) {
    return "<?xml version=\"1.0\"?>\n"
        + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\""
        + version
        + "\" state=\""
        + state
        + "\">\n"
        + "  <registration aor=\"sip:alice@pbx.test\" id=\"a7\" state=\"active\">\n"
        + "    <contact id=\"76\" state=\""
        + contactState
        + "\" event=\"registered\"><uri>sip:alice@192.0.2.7</uri></contact>\n"
        + "  </registration>\n"
        + "</reginfo>\n";
  }

  private int status(MockSipPeer.SentRequest sent) {
    return sent.response().status();
  }

  @Test
  void aNotifyBeforeThe2xxMakesTheSubscriptionActiveAndThe2xxKeepsIt() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    MockSipPeer.SentRequest notify =
        gw.pbx
            .notifyFor(s)
            .state("active;expires=3600")
            .body(DIALOG_INFO, dialogInfo(0, "confirmed"))
            .send();
    assertEquals(200, status(notify));
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(
        List.of("state SENT", "state ACTIVE", "dialog pbx-1 active", "content pbx-1"), m.events);

    gw.pbx.respond(s, 202);
    m.assertState(SubscriberState.ACTIVE);
    gw.advance(Subscriber.TIMER_N.plusSeconds(10));
    gw.pbx.assertNoMoreRequests();
    assertEquals(SubscriberState.ACTIVE, m.state(), "no Timer N once a NOTIFY came");

    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    assertEquals("pbx-1", refresh.to().tag().orElseThrow(), "the refresh is in the dialog");
    assertEquals(s.callId(), refresh.callId());
  }

  @Test
  void pendingThenActive() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.ACCEPTED);
    gw.pbx.notifyFor(s).state("pending;expires=3600").send();
    m.assertState(SubscriberState.PENDING);
    gw.pbx
        .notifyFor(s)
        .state("active;expires=3599")
        .body(DIALOG_INFO, dialogInfo(0, "trying"))
        .send();
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(
        List.of(
            "state SENT",
            "state ACCEPTED",
            "state PENDING",
            "dialog pbx-1 pending",
            "state ACTIVE",
            "dialog pbx-1 active",
            "content pbx-1"),
        m.events);
    gw.advance(Subscriber.TIMER_N.plusSeconds(1));
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void timerNWithoutANotifySubscribesAgainAfterABackoff() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.advance(Subscriber.TIMER_N.minusMillis(1));
    m.assertState(SubscriberState.ACCEPTED);
    gw.advance(Duration.ofMillis(1));
    m.assertState(SubscriberState.WAITING);
    SipRequest again = gw.awaitRequest(Duration.ofSeconds(2));
    assertTrue(gw.elapsed() >= 32 && gw.elapsed() <= 34, "after 0 to 2 s: +" + gw.elapsed());
    assertNotEquals(s.callId(), again.callId(), "a new subscription");
    assertTrue(again.to().tag().isEmpty());
    assertEquals(
        List.of("state SENT", "state ACCEPTED", "state WAITING", "state SENT", "state ACCEPTED"),
        m.events);
  }

  @Test
  void aNotifyWithAnOlderCseqIsAnsweredAndIgnored() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).cseq(5).state("pending").send();
    m.assertState(SubscriberState.PENDING);
    MockSipPeer.SentRequest late =
        gw.pbx.notifyFor(s).cseq(4).state("active").body(DIALOG_INFO, dialogInfo(0, "x")).send();
    assertEquals(200, status(late));
    m.assertState(SubscriberState.PENDING);
    MockSipPeer.SentRequest again = gw.pbx.notifyFor(s).cseq(5).state("active").send();
    assertEquals(200, status(again), "a retransmitted CSeq too");
    m.assertState(SubscriberState.PENDING);
    assertEquals(
        List.of("state SENT", "state ACCEPTED", "state PENDING", "dialog pbx-1 pending"), m.events);
  }

  @Test
  void aNotifyForAnotherEventIsRefusedWith489() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(489, status(gw.pbx.notifyFor(s).header("Event", "presence").send()));
    assertEquals(489, status(gw.pbx.notifyFor(s).header("Event", "dialog;id=9").send()));
    m.assertState(SubscriberState.ACCEPTED);
  }

  @Test
  void aNotifyForAnUnknownCallIdOrTagIsRefusedWith481() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(481, status(gw.pbx.notifyFor(s).header("Call-ID", "unknown@pbx.test").send()));
    String wrongTag = "<" + Subscriber.IDENTITY.uri() + ">;tag=notours";
    assertEquals(481, status(gw.pbx.notifyFor(s).header("To", wrongTag).send()));
    String noTag = "<" + Subscriber.IDENTITY.uri() + ">";
    assertEquals(481, status(gw.pbx.notifyFor(s).header("To", noTag).send()));
    m.assertState(SubscriberState.ACCEPTED);
    assertEquals(200, status(gw.pbx.notifyFor(s).send()));
    m.assertState(SubscriberState.ACTIVE);
  }

  @Test
  void aNotifyWithoutSubscriptionStateIsReadAsActive() {
    gw.pbx.answer("SUBSCRIBE", 202, "Expires: 600");
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest notify = gw.pbx.notifyFor(s).body(DIALOG_INFO, dialogInfo(0, "early")).build();
    notify = notify.toBuilder().headers(notify.headers().without("Subscription-State")).build();
    assertEquals(200, status(gw.pbx.send(notify)));
    m.assertState(SubscriberState.ACTIVE);
    assertTrue(m.events.contains("dialog pbx-1 active"), m.events.toString());
    assertTrue(m.events.contains("content pbx-1"), m.events.toString());
    gw.awaitRequest(Duration.ofSeconds(600)); // refreshed on the 2xx's expiry
    assertTrue(gw.elapsed() < 600);
  }

  @Test
  void anUnreadableBodyIsAnsweredAndResynchronisedWithARefresh() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(200, status(gw.pbx.notifyFor(s).body(DIALOG_INFO, "<dialog-info").send()));
    m.assertState(SubscriberState.ACTIVE);
    SipRequest refresh = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals("pbx-1", refresh.to().tag().orElseThrow(), "a refresh in the dialog");
    assertEquals(0, gw.elapsed(), "at once");
    assertTrue(m.contents.isEmpty());
  }

  @Test
  void aPartialReginfoAfterAVersionGapIsResynchronisedWithARefresh() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE, EventPackages.reg(), false).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).body(REGINFO, reginfo(0, "full", "active")).send();
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(1, m.contents.size());
    gw.pbx.assertNoMoreRequests();

    gw.pbx.notifyFor(s).body(REGINFO, reginfo(2, "partial", "terminated")).send(); // 1 was lost
    SipRequest refresh = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals("pbx-1", refresh.to().tag().orElseThrow());
    assertEquals(1, m.contents.size(), "the partial document was not applied");

    gw.pbx.notifyFor(refresh).body(REGINFO, reginfo(3, "full", "terminated")).send();
    gw.network.runUntilIdle();
    @SuppressWarnings("unchecked")
    ResourceContent<Reginfo> content = (ResourceContent<Reginfo>) m.contents.get(1);
    assertEquals(3, content.state().orElseThrow().version());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aMessageSummaryNotifyWithoutABodyClearsTheMailboxState() {
    // Kamailio sends one when the mailbox's published state expires or is removed
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE, EventPackages.messageSummary(), false).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx
        .notifyFor(s)
        .body(
            "application/simple-message-summary",
            "Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n")
        .send();
    gw.network.runUntilIdle();
    assertEquals(1, m.contents.size());
    ResourceContent<?> content = (ResourceContent<?>) m.contents.get(0);
    assertTrue(content.state().isPresent());

    MockSipPeer.SentRequest empty = gw.pbx.notifyFor(s).send();
    gw.network.runUntilIdle();

    assertEquals(200, status(empty));
    assertEquals(2, m.contents.size(), "the cleared state is told");
    assertTrue(content.state().isEmpty());
    assertTrue(content.inline().isEmpty());
    m.assertState(SubscriberState.ACTIVE);
    gw.pbx.notifyFor(s).send();
    gw.network.runUntilIdle();
    assertEquals(2, m.contents.size(), "a second empty NOTIFY changes nothing");
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aReginfoNotifyWithoutABodyKeepsTheStateAndAsksForNothing() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE, EventPackages.reg(), false).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).body(REGINFO, reginfo(0, "full", "active")).send();
    gw.network.runUntilIdle();
    assertEquals(1, m.contents.size());

    assertEquals(200, status(gw.pbx.notifyFor(s).send()));
    gw.network.runUntilIdle();

    assertEquals(1, m.contents.size());
    @SuppressWarnings("unchecked")
    ResourceContent<Reginfo> content = (ResourceContent<Reginfo>) m.contents.get(0);
    assertEquals(0, content.state().orElseThrow().version());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aPartialReginfoBeforeAnyFullOneIsResynchronised() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE, EventPackages.reg(), false).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).body(REGINFO, reginfo(4, "partial", "active")).send();
    m.assertState(SubscriberState.ACTIVE);
    assertEquals("pbx-1", gw.pbx.takeRequest("SUBSCRIBE").to().tag().orElseThrow());
    assertTrue(m.contents.isEmpty());
  }

  @Test
  void aNotifyThatFailsWhileARefreshIsInFlightIsResynchronisedAfterIt() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).body(DIALOG_INFO, dialogInfo(0, "trying")).send();
    gw.pbx.onRequest("SUBSCRIBE", request -> null); // the test answers
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    assertEquals(200, status(gw.pbx.notifyFor(s).body(DIALOG_INFO, "<broken").send()));
    gw.pbx.assertNoMoreRequests(); // not while the refresh is in flight
    gw.pbx.respond(refresh, 202);
    SipRequest resync = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(refresh.cseq().sequence() + 1, resync.cseq().sequence());
    assertEquals("pbx-1", resync.to().tag().orElseThrow());
    gw.pbx.respond(resync, 202);
    gw.pbx.notifyFor(s).body(DIALOG_INFO, dialogInfo(1, "confirmed")).send();
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(2, m.contents.size());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheMachine() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE);
    m.failWith = new IllegalStateException("the owner is broken");
    m.start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(
        200, status(gw.pbx.notifyFor(s).body(DIALOG_INFO, dialogInfo(0, "confirmed")).send()));
    m.assertState(SubscriberState.ACTIVE);
    assertTrue(
        gw.errors.stream().allMatch(r -> r.getMessage().contains("listener failed")),
        () -> gw.errors.toString());
    assertTrue(gw.errors.size() >= 5, "each callback's failure is logged");
    gw.errors.clear();
  }

  @Test
  void aTerminatedNotifyWithABadBodyDoesNotRefreshTheDeadDialog() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("active").send();
    gw.pbx.notifyFor(s).state("terminated;reason=rejected").body(DIALOG_INFO, "<not-xml").send();
    m.assertState(SubscriberState.TERMINATED);
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void malformedRequestsAreAllAnsweredAndNothingThrows() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    List<String[]> breakages =
        List.of(
            new String[] {"Subscription-State", ";;"},
            new String[] {"Subscription-State", "active;expires=soon"},
            new String[] {"Event", "@@"},
            new String[] {"From", "<<<"},
            new String[] {"To", "nonsense <"},
            new String[] {"Contact", "<"});
    for (String[] broken : breakages) {
      MockSipPeer.SentRequest sent = gw.pbx.notifyFor(s).header(broken[0], broken[1]).send();
      gw.network.runUntilIdle();
      int status;
      try {
        status = sent.response().status();
      } catch (AssertionError e) {
        throw new AssertionError(broken[0] + ": " + broken[1] + " unanswered", e);
      }
      assertTrue(
          status == 400 || status == 481 || status == 489 || status == 200,
          broken[0] + ": " + broken[1] + " answered " + status);
    }
    // a CSeq the peer cannot read itself: the answer cannot reach its transaction, but the
    // gateway must not throw on it
    gw.pbx.notifyFor(s).header("CSeq", "x NOTIFY").send();
    gw.network.runUntilIdle();
    SipRequest bye = gw.pbx.requestFor(s, "BYE").build();
    assertEquals(405, status(gw.pbx.send(bye)));
    SipRequest options =
        gw.pbx.requestFor(s, "OPTIONS").header("Call-ID", "other@pbx.test").build();
    assertEquals(200, status(gw.pbx.send(options)));
    SipRequest strayNotify =
        gw.pbx.notifyFor(s).header("Call-ID", "x@pbx.test").header("From", "garbage").build();
    assertEquals(481, status(gw.pbx.send(strayNotify)));
    assertTrue(
        List.of(SubscriberState.ACCEPTED, SubscriberState.ACTIVE).contains(m.state()),
        m.state().toString());
  }
}
