package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.sip.SipRequest;

/** A SUBSCRIBE that forks: one dialog per notifier, each refreshed on its own. */
class ForkingTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  @Test
  void notifiesFromTwoTagsMakeTwoInstancesRefreshedSeparately() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    String second = gw.pbx.newTag();
    assertEquals(200, gw.pbx.notifyFor(s).state("active;expires=600").send().response().status());
    assertEquals(
        200,
        gw.pbx.notifyFor(s).tag(second).state("pending;expires=1200").send().response().status());
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(2, m.fsm.dialogCount());
    assertTrue(m.events.contains("dialog pbx-1 active"), m.events.toString());
    assertTrue(m.events.contains("dialog " + second + " pending"), m.events.toString());

    SipRequest first = gw.awaitRequest(Duration.ofSeconds(600));
    assertEquals("pbx-1", first.to().tag().orElseThrow());
    assertTrue(gw.elapsed() >= 480 && gw.elapsed() <= 540, "+" + gw.elapsed());
    SipRequest other = gw.awaitRequest(Duration.ofSeconds(1200));
    assertEquals(second, other.to().tag().orElseThrow());
    assertTrue(gw.elapsed() >= 960 && gw.elapsed() <= 1080, "+" + gw.elapsed());
    assertEquals(s.callId(), other.callId());
    assertTrue(other.cseq().sequence() > first.cseq().sequence());
    assertEquals(2, m.fsm.dialogCount());
  }

  @Test
  void aForkBeyondMaxDialogsIsRefusedWith481() {
    gw.maxDialogs = 2;
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    List<Integer> statuses =
        List.of(
            gw.pbx.notifyFor(s).send().response().status(),
            gw.pbx.notifyFor(s).tag(gw.pbx.newTag()).send().response().status(),
            gw.pbx.notifyFor(s).tag(gw.pbx.newTag()).send().response().status());
    assertEquals(List.of(200, 200, 481), statuses);
    assertEquals(2, m.fsm.dialogCount());
    assertEquals(
        200,
        gw.pbx.notifyFor(s).state("active;expires=100").send().response().status(),
        "the dialogs it has still go on");
  }

  @Test
  void oneForkEndingLeavesTheOtherAndTheStateFollowsTheOneLeft() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    String second = gw.pbx.newTag();
    gw.pbx.notifyFor(s).state("pending").send();
    gw.pbx.notifyFor(s).tag(second).state("active").send();
    m.assertState(SubscriberState.ACTIVE);
    gw.pbx.notifyFor(s).tag(second).state("terminated;reason=noresource").send();
    m.assertState(SubscriberState.PENDING);
    assertEquals(1, m.fsm.dialogCount());
    assertEquals(
        List.of("dialog-terminated " + second + " noresource", "state PENDING"),
        m.events.subList(m.events.size() - 2, m.events.size()));
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void a481ToOneForksRefreshEndsOnlyThatFork() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    String second = gw.pbx.newTag();
    gw.pbx.notifyFor(s).state("active;expires=3600").send();
    gw.pbx.notifyFor(s).tag(second).state("pending;expires=600").send();
    gw.pbx.answer("SUBSCRIBE", 481);
    SipRequest refresh = gw.awaitRequest(Duration.ofSeconds(600));
    assertEquals(second, refresh.to().tag().orElseThrow());
    m.assertState(SubscriberState.ACTIVE);
    assertEquals(1, m.fsm.dialogCount());
    assertTrue(m.events.contains("dialog-terminated " + second + " refused"), m.events.toString());
    gw.pbx.assertNoMoreRequests();
  }
}
