package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.Termination;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.SipCredentials;

/** stop(): the unsubscribe in every dialog, the wait for the final NOTIFYs, and stops mid-way. */
class UnsubscribeTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  private SipRequest active(Subscriber.Machine m) {
    gw.pbx.answer("SUBSCRIBE", 202);
    m.start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("active;expires=3600").send();
    m.assertState(SubscriberState.ACTIVE);
    return s;
  }

  @Test
  void stopUnsubscribesInTheDialogAndEndsOnTheFinalNotify() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    m.stop();
    m.assertState(SubscriberState.UNSUBSCRIBING);
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(0, unsubscribe.expires().orElseThrow());
    assertEquals("pbx-1", unsubscribe.to().tag().orElseThrow());
    assertEquals(s.callId(), unsubscribe.callId());
    assertEquals(s.cseq().sequence() + 1, unsubscribe.cseq().sequence());
    assertEquals(gw.pbx.contactUri(), unsubscribe.requestUri());

    gw.pbx.notifyFor(unsubscribe).state("terminated;reason=timeout").send();
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(Termination.UNSUBSCRIBED, m.terminated);
    assertEquals(
        List.of(
            "state UNSUBSCRIBING",
            "dialog-terminated pbx-1 timeout",
            "state TERMINATED",
            "terminated unsubscribed"),
        m.events.subList(m.events.size() - 4, m.events.size()));
    assertEquals(0, gw.router.size());
    gw.assertQuietFor(Duration.ofDays(1));
  }

  @Test
  void stopUnsubscribesEveryDialogAndWaitsForEachFinalNotify() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    String second = gw.pbx.newTag();
    gw.pbx.notifyFor(s).tag(second).state("active").send();
    gw.network.runUntilIdle();
    m.stop();
    SipRequest one = gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest two = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(
        Set.of("pbx-1", second),
        Set.of(one.to().tag().orElseThrow(), two.to().tag().orElseThrow()));
    assertEquals(0, one.expires().orElseThrow());
    assertEquals(0, two.expires().orElseThrow());
    gw.pbx.notifyFor(one).state("terminated").send();
    m.assertState(SubscriberState.UNSUBSCRIBING);
    gw.pbx.notifyFor(two).state("terminated").send();
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(Termination.UNSUBSCRIBED, m.terminated);
  }

  @Test
  void withoutAFinalNotifyTheWaitIsBounded() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    m.stop();
    gw.pbx.takeRequest("SUBSCRIBE");
    gw.advance(Subscriber.UNSUBSCRIBE_WAIT.minusMillis(1));
    m.assertState(SubscriberState.UNSUBSCRIBING);
    gw.advance(Duration.ofMillis(1));
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(Termination.UNSUBSCRIBED, m.terminated);
    assertTrue(m.events.contains("dialog-terminated pbx-1 unsubscribed"), m.events.toString());
  }

  @Test
  void a481ToTheUnsubscribeEndsAtOnce() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.answer("SUBSCRIBE", 481);
    m.stop();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(0, gw.elapsed());
  }

  @Test
  void aRefusedUnsubscribeEndsAtOnce() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.answer("SUBSCRIBE", 500);
    m.stop();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(0, gw.elapsed(), "no final NOTIFY comes after a refused unsubscribe");
  }

  @Test
  void aChallengedUnsubscribeIsAnswered() {
    gw.credentials = (identity, realm) -> Optional.of(SipCredentials.password("alice", "secret"));
    gw.pbx.requireDigest("pbx.test", "alice", "secret");
    Subscriber.Machine m = gw.machine(ALICE);
    gw.pbx.answer("SUBSCRIBE", 202);
    m.start();
    gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).send();
    m.assertState(SubscriberState.ACTIVE);
    m.stop();
    SipRequest challenged = gw.pbx.takeRequest("SUBSCRIBE");
    assertTrue(challenged.header("Authorization").isEmpty());
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    assertTrue(unsubscribe.header("Authorization").isPresent());
    assertEquals(0, unsubscribe.expires().orElseThrow());
    assertEquals(challenged.cseq().sequence() + 1, unsubscribe.cseq().sequence());
    gw.pbx.notifyFor(unsubscribe).state("terminated;reason=timeout").send();
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(0, gw.elapsed());
  }

  @Test
  void stopWhileSentThen2xxUnsubscribesInTheNewDialogWithoutGoingActive() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    m.stop();
    m.assertState(SubscriberState.SENT);
    gw.pbx.respond(s, 202);
    m.assertState(SubscriberState.UNSUBSCRIBING);
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(0, unsubscribe.expires().orElseThrow());
    assertEquals("pbx-1", unsubscribe.to().tag().orElseThrow());
    gw.pbx.notifyFor(unsubscribe).state("terminated;reason=timeout").send();
    m.assertState(SubscriberState.TERMINATED);
    assertFalse(m.states.contains(SubscriberState.ACTIVE), m.events.toString());
    assertFalse(m.states.contains(SubscriberState.ACCEPTED), m.events.toString());
  }

  @Test
  void stopWhileSentThenANotifyUnsubscribesInItsDialog() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    m.stop();
    assertEquals(200, gw.pbx.notifyFor(s).state("active").send().response().status());
    m.assertState(SubscriberState.UNSUBSCRIBING);
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(0, unsubscribe.expires().orElseThrow());
    gw.pbx.respond(s, 202);
    gw.pbx.notifyFor(unsubscribe).state("terminated").send();
    m.assertState(SubscriberState.TERMINATED);
    assertFalse(m.states.contains(SubscriberState.ACTIVE), m.events.toString());
    gw.assertQuietFor(Duration.ofHours(2));
  }

  @Test
  void stopWhileSentThenARefusalEndsWithoutAnUnsubscribe() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    m.stop();
    gw.pbx.respond(s, 503);
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(Termination.UNSUBSCRIBED, m.terminated);
    gw.assertQuietFor(Duration.ofHours(1));
  }

  @Test
  void stopWhileSentThenATimeoutEnds() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.stop();
    gw.advance(Duration.ofSeconds(32));
    m.assertState(SubscriberState.TERMINATED);
    gw.assertQuietFor(Duration.ofHours(1));
  }

  @Test
  void stopWhileWaitingEndsAtOnceAndCancelsTheRetry() {
    gw.pbx.answer("SUBSCRIBE", 503, "Retry-After: 60");
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.WAITING);
    m.stop();
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(Termination.UNSUBSCRIBED, m.terminated);
    gw.assertQuietFor(Duration.ofHours(1));
    assertEquals(0, gw.scheduler.pending(), "no timer left behind");
  }

  @Test
  void stopBeforeStartEnds() {
    Subscriber.Machine m = gw.machine(ALICE);
    m.stop();
    m.assertState(SubscriberState.TERMINATED);
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void stopTwiceEndsOnce() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    m.stop();
    m.stop();
    gw.advance(Duration.ofMinutes(1));
    m.stop();
    assertEquals(1, m.events.stream().filter(e -> e.startsWith("terminated")).count());
    assertEquals(1, gw.pbx.requests().stream().filter(r -> r.expires().orElse(1) == 0).count());
  }

  @Test
  void aRefreshAnsweredWith481DuringTheUnsubscribeDoesNotSubscribeAgain() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.onRequest("SUBSCRIBE", request -> null); // the test answers
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    m.stop();
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.respond(refresh, 481);
    gw.pbx.respond(unsubscribe, 200);
    gw.network.runUntilIdle();
    gw.pbx.assertNoMoreRequests();
    m.assertState(SubscriberState.UNSUBSCRIBING);
    gw.advance(Subscriber.UNSUBSCRIBE_WAIT);
    m.assertState(SubscriberState.TERMINATED);
    gw.assertQuietFor(Duration.ofHours(2));
  }

  @Test
  void aRefreshTimingOutDuringTheUnsubscribeDoesNotSubscribeAgain() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.onRequest("SUBSCRIBE", request -> null);
    gw.awaitRequest(Duration.ofHours(1));
    gw.advance(Duration.ofSeconds(10));
    m.stop();
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.respond(unsubscribe, 200);
    gw.advance(Duration.ofSeconds(25)); // the refresh times out at +32 s
    gw.pbx.assertNoMoreRequests();
    gw.advance(Subscriber.UNSUBSCRIBE_WAIT);
    m.assertState(SubscriberState.TERMINATED);
    gw.assertQuietFor(Duration.ofHours(2));
  }

  @Test
  void aRefreshAcceptedDuringTheUnsubscribeSchedulesNothing() {
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.onRequest("SUBSCRIBE", request -> null);
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    m.stop();
    SipRequest unsubscribe = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.respond(unsubscribe, 200);
    gw.pbx.respond(refresh, 200, "Expires: 10");
    gw.advance(Duration.ofSeconds(20));
    gw.pbx.assertNoMoreRequests();
    gw.advance(Subscriber.UNSUBSCRIBE_WAIT);
    m.assertState(SubscriberState.TERMINATED);
  }
}
