package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipUri;

/** The controller's and the request's own rules, apart from any call. */
class CallControllerTest {
  private final Fixture kit = new Fixture();

  @Test
  void userNamesAreCompletedWithTheDomainAndOnlySipIsCalled() {
    CallController calls = kit.controller;
    assertEquals("example.test", calls.domain());
    assertEquals(SipUri.parse("sip:alice@example.test"), calls.userUri("alice"));
    assertEquals(SipUri.parse("sip:alice@other.test"), calls.userUri(" alice@other.test "));
    assertEquals(
        SipUri.parse("sip:alice@other.test:5070"), calls.userUri("SIP:alice@other.test:5070"));
    for (String bad :
        List.of(
            "",
            " ",
            "sips:alice@x.test",
            "tel:+15550100",
            "alice:secret@x.test",
            "sip:x.test",
            "al ice",
            "alice@",
            "@x.test")) {
      assertThrows(IllegalArgumentException.class, () -> calls.userUri(bad), bad);
    }
  }

  @Test
  void aRequestRefusesValuesOutOfRange() {
    CallRequest.Builder request = CallRequest.builder("o", Fixture.ALICE, Fixture.BOB);
    assertThrows(IllegalArgumentException.class, () -> request.timeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> request.timeout(Duration.ofMinutes(11)));
    assertThrows(
        IllegalArgumentException.class, () -> request.resultCacheTime(Duration.ofSeconds(-1)));
    assertThrows(
        IllegalArgumentException.class, () -> request.resultCacheTime(Duration.ofHours(25)));
    assertThrows(IllegalArgumentException.class, () -> request.subject("a\r\nInjected: yes"));
    assertThrows(IllegalArgumentException.class, () -> request.subject("x".repeat(257)));
    assertThrows(
        IllegalArgumentException.class,
        () -> request.callback(java.net.URI.create("ftp://x.test/")));
    assertThrows(
        IllegalArgumentException.class, () -> request.callback(java.net.URI.create("/relative")));
    assertThrows(
        IllegalArgumentException.class, () -> CallRequest.builder("", Fixture.ALICE, Fixture.BOB));
    assertEquals(CallMethod.REFER, request.build().method());
    assertEquals(Fixture.ALICE, request.build().identity());
    assertEquals(Fixture.BOB, request.agent(Fixture.BOB).build().identity());
  }

  @Test
  void methodNamesAreReadInAnyCase() {
    assertEquals(java.util.Optional.of(CallMethod.INVITE), CallMethod.of("invite"));
    assertEquals(java.util.Optional.of(CallMethod.REFER), CallMethod.of("Refer"));
    assertEquals(java.util.Optional.empty(), CallMethod.of("BYE"));
    assertEquals(java.util.Optional.empty(), CallMethod.of(null));
  }

  @Test
  void aCallsDocumentsCarryItsStateAndEveryStatusLine() {
    kit.connect(kit.request(CallMethod.REFER).build());
    kit.alice.respond(kit.alice.takeRequest("INVITE"), 486);
    CallStatus status = kit.status();
    org.sepapi.model.api.CallEvent event = status.toCallEvent(4);
    assertEquals(4, event.version());
    assertEquals(org.sepapi.model.api.CallEvent.State.FAILED, event.state());
    assertEquals("sip:alice@alice.test", event.calling());
    assertEquals(2, event.transitions().size());
    assertEquals("SIP/2.0 486 Busy Here", status.toStatusLines().statuses().get(0).statusLine());
    assertEquals(
        status.statusLines().get(0).callId(), status.toStatusLines().statuses().get(0).callId());
  }
}
