package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.Termination;
import org.sepapi.core.sip.SipRequest;

/** A NOTIFY that says terminated, with each reason of RFC 6665 section 4.2.2 and others. */
class TerminationReasonTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  /** An active subscription: its SUBSCRIBE, taken. */
  private SipRequest active(Subscriber.Machine m) {
    gw.pbx.answer("SUBSCRIBE", 202);
    m.start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("active;expires=3600").send();
    m.assertState(SubscriberState.ACTIVE);
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"deactivated", "timeout"})
  void deactivatedAndTimeoutSubscribeAgainAtOnceWithANewCallId(String reason) {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated;reason=" + reason).send();
    SipRequest again = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(0, gw.elapsed(), "at once");
    assertNotEquals(s.callId(), again.callId());
    assertNotEquals(s.from().tag(), again.from().tag());
    assertTrue(again.to().tag().isEmpty());
    assertEquals(1, again.cseq().sequence());
    assertEquals(reason, m.dialogTerminations.get(0).reason());
    m.assertState(SubscriberState.ACCEPTED);
    assertEquals(
        List.of(
            "state SENT",
            "state ACCEPTED",
            "state ACTIVE",
            "dialog pbx-1 active",
            "dialog-terminated pbx-1 " + reason,
            "state SENT",
            "state ACCEPTED"),
        m.events);
    assertEquals(
        481,
        gw.pbx.notifyFor(s).state("active").send().response().status(),
        "the old subscription is gone");
  }

  @Test
  void deactivationsKeptUpAreBackedOffAfterThreeQuickOnes() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    for (int i = 0; i < 3; i++) {
      gw.pbx.notifyFor(s).state("terminated;reason=deactivated").send();
      s = gw.pbx.takeRequest("SUBSCRIBE");
      assertEquals(0, gw.elapsed(), "quick re-subscribe " + (i + 1));
    }
    gw.pbx.notifyFor(s).state("terminated;reason=deactivated").send();
    m.assertState(SubscriberState.WAITING);
    gw.pbx.assertNoMoreRequests();
    gw.awaitRequest(Duration.ofSeconds(2));
  }

  @Test
  void deactivationsFarApartEachSubscribeAgainAtOnce() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    for (int i = 0; i < 5; i++) {
      gw.advance(Duration.ofMinutes(20));
      gw.pbx.notifyFor(s).state("terminated;reason=deactivated").send();
      double before = gw.elapsed();
      s = gw.pbx.takeRequest("SUBSCRIBE");
      assertEquals(before, gw.elapsed(), "deactivation " + (i + 1) + " re-subscribed at once");
      gw.pbx.notifyFor(s).state("active;expires=3600").send();
      m.assertState(SubscriberState.ACTIVE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"probation", "giveup"})
  void probationAndGiveupSubscribeAgainAfterRetryAfter(String reason) {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated;reason=" + reason + ";retry-after=120").send();
    m.assertState(SubscriberState.WAITING);
    assertEquals(
        new Termination(reason, OptionalLong.of(120), java.util.OptionalInt.empty()),
        m.dialogTerminations.get(0));
    SipRequest again = gw.awaitRequest(Duration.ofSeconds(130));
    assertEquals(120, gw.elapsed(), "after retry-after");
    assertNotEquals(s.callId(), again.callId());
    m.assertState(SubscriberState.ACCEPTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"probation", "giveup"})
  void probationAndGiveupWithoutRetryAfterBackOff(String reason) {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated;reason=" + reason).send();
    m.assertState(SubscriberState.WAITING);
    gw.awaitRequest(Duration.ofSeconds(2));
    assertTrue(gw.elapsed() <= 2, "within the first backoff: +" + gw.elapsed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rejected", "noresource", "invariant"})
  void rejectedNoresourceAndInvariantEndTheSubscription(String reason) {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated;reason=" + reason).send();
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(reason, m.terminated.reason());
    assertEquals("terminated " + reason, m.lastEvent().orElseThrow());
    assertEquals(0, gw.router.size(), "unregistered");
    gw.assertQuietFor(Duration.ofDays(1));
  }

  @Test
  void rejectedBeforeThe2xxEndsItAndThe2xxIsIgnored() {
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("terminated;reason=rejected").send();
    m.assertState(SubscriberState.TERMINATED);
    gw.pbx.respond(s, 202);
    m.assertState(SubscriberState.TERMINATED);
    assertEquals("terminated rejected", m.lastEvent().orElseThrow());
    gw.assertQuietFor(Duration.ofHours(2));
  }

  @Test
  void anUnknownReasonIsKeptVerbatimAndTreatedAsProbation() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated;reason=under-maintenance;retry-after=60").send();
    m.assertState(SubscriberState.WAITING);
    assertEquals("under-maintenance", m.dialogTerminations.get(0).reason());
    assertEquals(OptionalLong.of(60), m.dialogTerminations.get(0).retryAfter());
    gw.awaitRequest(Duration.ofSeconds(61));
    assertEquals(60, gw.elapsed());
  }

  @Test
  void noReasonAtAllIsTreatedAsProbation() {
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.notifyFor(s).state("terminated").send();
    m.assertState(SubscriberState.WAITING);
    gw.awaitRequest(Duration.ofSeconds(2));
  }
}
