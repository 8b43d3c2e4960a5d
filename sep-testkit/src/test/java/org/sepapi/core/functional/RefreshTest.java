package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;
import static org.sepapi.core.functional.Subscriber.BOB;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;

/** Refreshes: when they go, what they carry, and the deadline they stop at. */
class RefreshTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  private static List<SipUri> routes(SipRequest request) {
    return request.headers().elements("Route").stream().map(r -> NameAddr.parse(r).uri()).toList();
  }

  /** The seconds to {@code deadline}, rounded up: the Expires that lasts until it. */
  private long secondsUntil(Instant deadline) {
    return (Duration.between(gw.clock.instant(), deadline).toMillis() + 999) / 1000;
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 202})
  void aShortenedExpiresIsRefreshedBeforeItRunsOutInsideTheDialog(int status) {
    gw.pbx.answer(
        "SUBSCRIBE",
        status,
        "Expires: 600",
        "Record-Route: <sip:pbx.test;lr;hop=2>, <sip:pbx.test;lr;hop=1>");
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.ACCEPTED);
    gw.pbx.notifyFor(first).state("active;expires=600").send();
    m.assertState(SubscriberState.ACTIVE);

    SipRequest refresh = gw.awaitRequest(Duration.ofSeconds(600));
    double at = gw.elapsed();
    assertTrue(at >= 480 && at <= 540, "refreshed at +" + at + " s, 80-90% of 600 s");
    assertEquals("SUBSCRIBE", refresh.method());
    assertEquals(gw.pbx.contactUri(), refresh.requestUri(), "the Request-URI is the remote target");
    assertEquals(gw.pbx.tagFor(first), refresh.to().tag().orElseThrow(), "To has the dialog tag");
    assertEquals(first.from(), refresh.from(), "From and its tag stay");
    assertEquals(first.callId(), refresh.callId());
    assertEquals(first.cseq().sequence() + 1, refresh.cseq().sequence());
    assertEquals(
        List.of(SipUri.parse("sip:pbx.test;lr;hop=1"), SipUri.parse("sip:pbx.test;lr;hop=2")),
        routes(refresh),
        "the route set is the 2xx's Record-Route, reversed");
    assertEquals("dialog", refresh.header("Event").orElseThrow());
    assertEquals(3600, refresh.expires().orElseThrow(), "it asks for the default again");
    assertEquals(gw.transport.contactUri(), refresh.contact().orElseThrow().uri());

    SipRequest second = gw.awaitRequest(Duration.ofSeconds(600));
    double gap = gw.elapsed() - at;
    assertTrue(gap >= 480 && gap <= 540, "the next refresh +" + gap + " s after the first");
    assertEquals(refresh.cseq().sequence() + 1, second.cseq().sequence());
    assertEquals(SubscriberState.ACTIVE, m.state());
  }

  @Test
  void aNotifyThatShortensTheExpiryBringsTheRefreshForward() {
    gw.pbx.answer("SUBSCRIBE", 200);
    gw.machine(ALICE).start();
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(first).state("active;expires=300").send();
    gw.awaitRequest(Duration.ofSeconds(300));
    assertTrue(gw.elapsed() < 300, "refreshed at +" + gw.elapsed());
  }

  @Test
  void subscriptionsMadeTogetherRefreshAtDifferentInstants() {
    gw.pbx.answer("SUBSCRIBE", 200);
    gw.machine(ALICE).start();
    gw.machine(BOB).start();
    for (SipRequest s : List.of(gw.pbx.takeRequest(), gw.pbx.takeRequest())) {
      gw.pbx.notifyFor(s).send();
    }
    gw.network.runUntilIdle();
    gw.awaitRequest(Duration.ofHours(1));
    double first = gw.elapsed();
    gw.awaitRequest(Duration.ofHours(1));
    double second = gw.elapsed();
    assertNotEquals(first, second);
    assertTrue(first >= 2880 && second <= 3240, first + " and " + second);
  }

  @Test
  void shortSubscriptionsMadeTogetherRefreshAtDifferentInstantsToo() {
    gw.pbx.answer("SUBSCRIBE", 200, "Expires: 60");
    gw.machine(ALICE).start();
    gw.machine(BOB).start();
    for (SipRequest s : List.of(gw.pbx.takeRequest(), gw.pbx.takeRequest())) {
      gw.pbx.notifyFor(s).state("active;expires=60").send();
    }
    gw.network.runUntilIdle();
    gw.awaitRequest(Duration.ofSeconds(60));
    double first = gw.elapsed();
    gw.awaitRequest(Duration.ofSeconds(60));
    double second = gw.elapsed();
    assertNotEquals(first, second);
    assertTrue(second < 60 - 5, "both well before expiry: " + first + " and " + second);
  }

  @Test
  void noRefreshWhenTheGrantedTimeCoversTheDeadline() {
    gw.pbx.answer("SUBSCRIBE", 200);
    Subscriber.Machine m = gw.machine(ALICE);
    m.start(gw.clock.instant().plus(Duration.ofSeconds(1000)));
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(1000, first.expires().orElseThrow());
    gw.pbx.notifyFor(first).send();
    gw.assertQuietFor(Duration.ofSeconds(2000));
  }

  @Test
  void theLastRefreshAsksOnlyForTheTimeLeftBeforeTheDeadline() {
    gw.pbx.answer("SUBSCRIBE", 200, "Expires: 3600");
    Subscriber.Machine m = gw.machine(ALICE);
    Instant deadline = gw.clock.instant().plus(Duration.ofSeconds(5000));
    m.start(deadline);
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(3600, first.expires().orElseThrow());
    gw.pbx.notifyFor(first).send();
    SipRequest refresh = gw.awaitRequest(Duration.ofSeconds(3600));
    assertEquals(secondsUntil(deadline), refresh.expires().orElseThrow());
    gw.assertQuietFor(Duration.ofSeconds(5000));
    assertEquals(SubscriberState.ACTIVE, m.state());
  }

  @Test
  void extendToMovesTheDeadlineAndTheRefreshesFollow() {
    gw.pbx.answer("SUBSCRIBE", 200);
    Subscriber.Machine m = gw.machine(ALICE);
    m.start(gw.clock.instant().plus(Duration.ofSeconds(1000)));
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(first).send();
    gw.advance(Duration.ofSeconds(100));
    m.extendTo(gw.clock.instant().plus(Duration.ofDays(1)));
    SipRequest refresh = gw.awaitRequest(Duration.ofSeconds(900));
    assertEquals(3600, refresh.expires().orElseThrow(), "asks for the default now");
    assertEquals(gw.pbx.tagFor(first), refresh.to().tag().orElseThrow());
    gw.awaitRequest(Duration.ofSeconds(3600));
  }

  @Test
  void extendToAnEarlierDeadlineShortensTheNextRefresh() {
    gw.pbx.answer("SUBSCRIBE", 200);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(first).send();
    Instant deadline = gw.clock.instant().plus(Duration.ofSeconds(5000));
    m.extendTo(deadline);
    SipRequest refresh = gw.awaitRequest(Duration.ofSeconds(3600));
    assertEquals(secondsUntil(deadline), refresh.expires().orElseThrow());
    gw.assertQuietFor(Duration.ofSeconds(5000));
  }
}
