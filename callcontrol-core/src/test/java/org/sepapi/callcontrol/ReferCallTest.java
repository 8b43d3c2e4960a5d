package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.callcontrol.Fixture.ALICE;
import static org.sepapi.callcontrol.Fixture.BOB;
import static org.sepapi.callcontrol.Fixture.notifyFrag;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;

/** The REFER method against scripted phones on the in-memory network. */
class ReferCallTest {
  private final Fixture kit = new Fixture();

  @Test
  void theCallingUserIsCalledThenReferredToTheCalledUserAndTheControllerLeaves() {
    kit.connect(
        kit.request(CallMethod.REFER)
            .subject("Sales call")
            .callback(java.net.URI.create("http://crm.test/calls"))
            .build());

    SipRequest invite = kit.alice.takeRequest("INVITE");
    assertEquals(ALICE, invite.requestUri());
    assertEquals(ALICE.addressOfRecord(), invite.to().uri());
    assertEquals(ALICE, invite.from().uri(), "from the calling user, as no agent acts");
    assertEquals(Optional.of("Sales call"), invite.header("Subject"));
    assertEquals("application/sdp", invite.body().orElseThrow().mediaType());
    assertTrue(invite.body().get().text().contains("a=inactive"), "an offer with no media");
    assertEquals(CallState.INITIATED, kit.state());

    kit.alice.respond(invite, 180);
    assertEquals(CallState.RINGING, kit.state());
    Fixture.answer(kit.alice, invite, Fixture.PHONE_SDP);
    assertEquals(CallState.ANSWERED, kit.state());

    SipRequest ack = kit.alice.takeRequest("ACK");
    assertEquals(invite.callId(), ack.callId());
    assertEquals(invite.cseq().sequence(), ack.cseq().sequence());
    assertEquals(kit.alice.contactUri(), ack.requestUri(), "to the phone's Contact");

    SipRequest refer = kit.alice.takeRequest("REFER");
    assertEquals(invite.callId(), refer.callId());
    assertEquals(NameAddr.of(BOB), NameAddr.parse(refer.header("Refer-To").orElseThrow()));
    assertEquals(ALICE, NameAddr.parse(refer.header("Referred-By").orElseThrow()).uri());
    assertEquals(Optional.of(kit.alice.tagFor(invite)), refer.to().tag());
    kit.alice.respond(refer, 202);

    notifyFrag(kit.alice, refer, "SIP/2.0 100 Trying", "active;expires=60");
    kit.alice.assertNoMoreRequests(); // no BYE yet: the transfer has not progressed
    assertEquals(CallState.ANSWERED, kit.state());

    notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    SipRequest bye = kit.alice.takeRequest("BYE");
    assertEquals(invite.callId(), bye.callId());
    kit.alice.respond(bye, 200);

    CallStatus status = kit.status();
    assertEquals(CallState.COMPLETED, status.state());
    assertEquals(Optional.of("connected (the called user answered)"), status.reason());
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        kit.lines());
    assertTrue(status.statusLines().stream().allMatch(l -> l.callId().equals(invite.callId())));
    assertEquals(List.of("initiated", "ringing", "answered", "completed"), kit.sink.states());
    assertEquals(0, kit.controller.size());
    kit.bob.assertNoMoreRequests();
  }
}
