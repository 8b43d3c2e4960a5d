package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;
import static org.sepapi.core.functional.Subscriber.BOB;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.EventPackages;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.testkit.MockSipPeer;

/** What the SUBSCRIBE that creates a subscription carries on the wire. */
class SubscribeRequestTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  @Test
  void theInitialSubscribeCarriesEveryHeaderRfc6665AndRfc3261AskFor() {
    gw.machine(ALICE).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");

    assertEquals(ALICE, s.requestUri());
    assertEquals("dialog", s.header("Event").orElseThrow());
    assertEquals(List.of("application/dialog-info+xml"), s.elements("Accept"));
    assertEquals(3600, s.expires().orElseThrow(), "the default Expires");
    assertEquals(gw.transport.contactUri(), s.contact().orElseThrow().uri());
    assertEquals(Subscriber.IDENTITY.uri(), s.from().uri());
    assertTrue(s.from().tag().isPresent(), "From has a tag");
    assertTrue(s.from().tag().get().length() >= 8, "a tag with enough randomness");
    assertEquals(ALICE, s.to().uri());
    assertEquals(Optional.empty(), s.to().tag(), "To has no tag outside a dialog");
    assertTrue(s.callId().matches("[A-Za-z0-9]{20}"), "a Call-ID of 20 random characters");
    assertEquals(1, s.cseq().sequence());
    assertEquals("SUBSCRIBE", s.cseq().method());
    assertEquals("70", s.header("Max-Forwards").orElseThrow());
    assertEquals(List.of("reg", "dialog"), s.elements("Allow-Events"));
    assertFalse(s.elements("Supported").contains("eventlist"), "not an RLS subscription");
    assertTrue(s.headers().values("Route").isEmpty(), "no outbound proxy");
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void twoSubscriptionsHaveTheirOwnCallIdsAndTags() {
    gw.machine(ALICE).start();
    gw.machine(BOB).start();
    SipRequest alice = gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest bob = gw.pbx.takeRequest("SUBSCRIBE");
    assertNotEquals(alice.callId(), bob.callId());
    assertNotEquals(alice.from().tag(), bob.from().tag());
    assertEquals(2, gw.router.size(), "each Call-ID is routed to its machine");
  }

  @Test
  void expiresIsTheTimeLeftWhenTheDeadlineIsNearerThanTheDefault() {
    Subscriber.Machine m = gw.machine(ALICE);
    m.start(gw.clock.instant().plus(Duration.ofSeconds(600)));
    assertEquals(600, gw.pbx.takeRequest("SUBSCRIBE").expires().orElseThrow());
  }

  @Test
  void expiresIsTheConfiguredDefault() {
    gw.defaultExpires = Duration.ofMinutes(15);
    gw.machine(ALICE).start();
    assertEquals(900, gw.pbx.takeRequest("SUBSCRIBE").expires().orElseThrow());
  }

  @Test
  void aPassedDeadlineSendsNothingAndExpires() {
    Subscriber.Machine m = gw.machine(ALICE);
    m.start(gw.clock.instant());
    m.assertState(SubscriberState.TERMINATED);
    assertEquals("expired", m.terminated.reason());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void anRlsSubscriptionSaysEventlistAndAcceptsRlmiAndMultipart() {
    gw.machine(ALICE, EventPackages.reg(), true).start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(List.of("eventlist"), s.elements("Supported"));
    assertEquals(
        List.of("application/reginfo+xml", "application/rlmi+xml", "multipart/related"),
        s.elements("Accept"));
    assertEquals("reg", s.header("Event").orElseThrow());
  }

  @Test
  void anOutboundProxyIsTheRouteOfTheInitialSubscribe() {
    MockSipPeer proxy = gw.network.peer("proxy.test");
    gw.outboundRoute = List.of(SipUri.parse("sip:proxy.test;lr"));
    gw.machine(ALICE).start();
    SipRequest s = proxy.takeRequest("SUBSCRIBE");
    assertEquals(List.of("<sip:proxy.test;lr>"), s.headers().values("Route"));
    assertEquals(ALICE, s.requestUri(), "the Request-URI stays the resource");
    gw.pbx.assertNoMoreRequests();
  }
}
