package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.callcontrol.Fixture.ALICE;
import static org.sepapi.callcontrol.Fixture.BOB;
import static org.sepapi.callcontrol.Fixture.assertStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.Body;

/** The RFC 3725 INVITE method against scripted phones on the in-memory network. */
class InviteCallTest {
  private static final String BOB_SDP = Fixture.PHONE_SDP.replace("192.0.2.1", "192.0.2.2");

  private final Fixture kit = new Fixture();

  /** Both phones answer; returns {A's INVITE, B's INVITE}. */
  private SipRequest[] connected() {
    kit.connect(kit.request(CallMethod.INVITE).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(kit.alice, inviteA);
    kit.alice.takeRequest("ACK");
    SipRequest inviteB = kit.bob.takeRequest("INVITE");
    kit.bob.respond(inviteB, 180);
    Fixture.answer(kit.bob, inviteB, BOB_SDP);
    SipRequest reinvite = kit.alice.takeRequest("INVITE");
    Fixture.answer(kit.alice, reinvite, Fixture.PHONE_SDP);
    kit.alice.takeRequest("ACK");
    kit.bob.takeRequest("ACK");
    return new SipRequest[] {inviteA, inviteB};
  }

  @Test
  void bothUsersAreCalledAndEachGetsTheOthersSessionDescription() {
    kit.connect(kit.request(CallMethod.INVITE).build());

    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    assertTrue(inviteA.body().orElseThrow().text().contains("a=inactive"), "a black-hole offer");
    kit.bob.assertNoMoreRequests(); // the called user is called once the calling user answers
    kit.alice.respond(inviteA, 180);
    assertEquals(CallState.RINGING, kit.state());
    Fixture.answer(kit.alice, inviteA, Fixture.PHONE_SDP);
    SipRequest ackA = kit.alice.takeRequest("ACK");
    assertTrue(ackA.body().isEmpty(), "the 200 held the answer to our offer");
    assertEquals(CallState.ANSWERED, kit.state());

    SipRequest inviteB = kit.bob.takeRequest("INVITE");
    assertTrue(inviteB.body().isEmpty(), "RFC 3725: an INVITE with no offer");
    assertEquals(BOB, inviteB.requestUri());
    assertEquals(ALICE, inviteB.from().uri());
    assertTrue(!inviteB.callId().equals(inviteA.callId()), "a dialog of its own");
    kit.bob.respond(inviteB, 180);
    Fixture.answer(kit.bob, inviteB, BOB_SDP);

    SipRequest reinvite = kit.alice.takeRequest("INVITE");
    assertEquals(inviteA.callId(), reinvite.callId());
    assertEquals(Optional.of(kit.alice.tagFor(inviteA)), reinvite.to().tag());
    assertEquals(BOB_SDP, reinvite.body().orElseThrow().text(), "B's offer, as it is");
    kit.bob.assertNoMoreRequests(); // B's ACK waits for A's answer
    Fixture.answer(kit.alice, reinvite, Fixture.PHONE_SDP);

    assertEquals(reinvite.cseq().sequence(), kit.alice.takeRequest("ACK").cseq().sequence());
    SipRequest ackB = kit.bob.takeRequest("ACK");
    assertEquals(inviteB.cseq().sequence(), ackB.cseq().sequence());
    assertEquals(Fixture.PHONE_SDP, ackB.body().orElseThrow().text(), "A's answer, as it is");
    assertEquals(CallState.ANSWERED, kit.state());

    // the called user hangs up: the controller relays the BYE
    assertStatus(200, kit.bob.requestFor(inviteB, "BYE").send().response());
    SipRequest byeA = kit.alice.takeRequest("BYE");
    assertEquals(inviteA.callId(), byeA.callId());
    kit.alice.respond(byeA, 200);

    CallStatus status = kit.status();
    assertEquals(CallState.COMPLETED, status.state());
    assertEquals(Optional.of("hung up by the called user"), status.reason());
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "INVITE SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        kit.lines());
    List<StatusLine> lines = status.statusLines();
    assertEquals(inviteB.callId(), lines.get(2).callId());
    assertEquals(inviteA.callId(), lines.get(4).callId());
    kit.alice.assertNoMoreRequests();
    kit.bob.assertNoMoreRequests();
  }

  @Test
  void theCallingUserHangingUpIsRelayedToTheCalledUser() {
    SipRequest[] invites = connected();
    assertStatus(200, kit.alice.requestFor(invites[0], "BYE").send().response());
    kit.bob.respond(kit.bob.takeRequest("BYE"), 200);
    assertEquals(Optional.of("hung up by the calling user"), kit.status().reason());
    assertEquals(CallState.COMPLETED, kit.state());
  }

  @Test
  void hangingUpOnRequestEndsBothLegs() {
    connected();
    assertTrue(kit.controller.hangUp(Fixture.OWNER, ALICE, BOB));
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    kit.bob.respond(kit.bob.takeRequest("BYE"), 200);
    assertEquals(CallState.COMPLETED, kit.state());
    assertEquals(Optional.of("hung up on request"), kit.status().reason());
  }

  @Test
  void aBusyCalledUserEndsTheCallingUsersLegWithTheReason() {
    kit.connect(kit.request(CallMethod.INVITE).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(kit.alice, inviteA);
    kit.alice.takeRequest("ACK");
    kit.bob.respond(kit.bob.takeRequest("INVITE"), 486);

    SipRequest bye = kit.alice.takeRequest("BYE");
    assertEquals(Optional.of("SIP;cause=486;text=\"Busy Here\""), bye.header("Reason"));
    kit.alice.respond(bye, 200);
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(Optional.of("busy (the called user answered 486 Busy Here)"), status.reason());
  }

  @Test
  void aCalledUserWhoDoesNotAnswerIsCancelledAndTheCallingUserHungUp() {
    kit.connect(kit.request(CallMethod.INVITE).timeout(Duration.ofSeconds(15)).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    kit.advance(Duration.ofSeconds(5));
    Fixture.ringAndAnswer(kit.alice, inviteA); // 5 s: the calling user's timer stops
    kit.alice.takeRequest("ACK");
    SipRequest inviteB = kit.bob.takeRequest("INVITE");
    kit.bob.respond(inviteB, 180);
    kit.advance(Duration.ofSeconds(14));
    kit.bob.assertNoMoreRequests(); // the called user's own 15 s run from its INVITE
    kit.advance(Duration.ofSeconds(1));
    kit.bob.takeRequest("CANCEL");
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("no answer (the called user did not answer within 15 s)"), status.reason());
  }

  @Test
  void theCallingUserHangingUpWhileTheCalledUserRingsCancelsTheCalledUser() {
    kit.connect(kit.request(CallMethod.INVITE).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(kit.alice, inviteA);
    kit.alice.takeRequest("ACK");
    kit.bob.respond(kit.bob.takeRequest("INVITE"), 180);
    assertStatus(200, kit.alice.requestFor(inviteA, "BYE").send().response());
    kit.bob.takeRequest("CANCEL");
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("the call was abandoned: hung up by the calling user"), status.reason());
  }

  @Test
  void aReinviteFromOneLegIsRelayedToTheOtherWithItsOfferAndAnswer() {
    SipRequest[] invites = connected();
    String hold = BOB_SDP.replace("a=rtpmap:0 PCMU/8000", "a=sendonly\r\na=rtpmap:0 PCMU/8000");
    org.sepapi.testkit.MockSipPeer.SentRequest fromBob =
        kit.bob.send(
            kit.bob.requestFor(invites[1], "INVITE").body("application/sdp", hold).build());
    SipRequest relayed = kit.alice.takeRequest("INVITE");
    assertEquals(invites[0].callId(), relayed.callId());
    assertEquals(hold, relayed.body().orElseThrow().text());
    String recvonly = Fixture.PHONE_SDP.replace("a=rtpmap", "a=recvonly\r\na=rtpmap");
    Fixture.answer(kit.alice, relayed, recvonly);

    SipResponse back = fromBob.response();
    assertStatus(200, back);
    assertEquals(recvonly, back.body().orElseThrow().text());
    kit.alice.assertNoMoreRequests(); // A's ACK waits for B's
    kit.bob.send(
        kit.bob.requestFor(invites[1], "ACK").cseq(fromBob.request().cseq().sequence()).build());
    SipRequest ack = kit.alice.takeRequest("ACK");
    assertEquals(relayed.cseq().sequence(), ack.cseq().sequence());
    assertEquals(CallState.ANSWERED, kit.state());
  }

  @Test
  void aChallengedInviteToTheCalledUserIsAnswered() {
    Fixture secured =
        new Fixture(
            builder ->
                builder.credentials(
                    (identity, realm) ->
                        Optional.of(org.sepapi.core.spi.SipCredentials.password("alice", "pin"))));
    secured.bob.requireProxyDigest("pbx", "alice", "pin");
    secured.connect(secured.request(CallMethod.INVITE).build());
    SipRequest inviteA = secured.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(secured.alice, inviteA);
    secured.alice.takeRequest("ACK");
    secured.bob.takeRequest("INVITE"); // 407
    SipRequest inviteB = secured.bob.takeRequest("INVITE");
    assertTrue(inviteB.header("Proxy-Authorization").isPresent());
    secured.bob.respond(
        inviteB,
        secured.bob.response(inviteB, 200).body(Body.of("application/sdp", BOB_SDP)).build());
    Fixture.answer(secured.alice, secured.alice.takeRequest("INVITE"), Fixture.PHONE_SDP);
    secured.alice.takeRequest("ACK");
    assertTrue(secured.bob.takeRequest("ACK").body().isPresent());
    assertEquals("INVITE SIP/2.0 407 Proxy Authentication Required", secured.lines().get(2));
  }

  @Test
  void aCalledUserWhoAnswersWithoutAnOfferIsAckedAndHungUp() {
    kit.connect(kit.request(CallMethod.INVITE).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(kit.alice, inviteA);
    kit.alice.takeRequest("ACK");
    SipRequest inviteB = kit.bob.takeRequest("INVITE");
    kit.bob.respond(inviteB, 200);
    kit.bob.takeRequest("ACK");
    kit.bob.respond(kit.bob.takeRequest("BYE"), 200);
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    assertEquals(CallState.FAILED, kit.state());
  }

  @Test
  void theCallingUserRefusingTheCalledUsersMediaEndsBothLegs() {
    kit.connect(kit.request(CallMethod.INVITE).build());
    SipRequest inviteA = kit.alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(kit.alice, inviteA);
    kit.alice.takeRequest("ACK");
    SipRequest inviteB = kit.bob.takeRequest("INVITE");
    Fixture.answer(kit.bob, inviteB, BOB_SDP);
    kit.alice.respond(kit.alice.takeRequest("INVITE"), 488);
    SipRequest ackB = kit.bob.takeRequest("ACK");
    assertTrue(ackB.body().orElseThrow().text().contains("m=audio 0 "), "an answer taking nothing");
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    kit.bob.respond(kit.bob.takeRequest("BYE"), 200);
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertTrue(status.reason().orElseThrow().contains("488"), status.reason()::toString);
  }

  @Test
  void closingHangsUpEveryCallAndSaysWhenTheyHaveEnded() {
    connected();
    kit.controller.close();
    java.util.concurrent.CompletableFuture<Void> closed =
        kit.controller.closed().toCompletableFuture();
    kit.alice.takeRequest("BYE");
    SipRequest bye = kit.bob.takeRequest("BYE");
    assertTrue(!closed.isDone(), "the BYEs are not answered yet");
    kit.alice.respond(kit.alice.requests().get(kit.alice.requests().size() - 1), 200);
    kit.bob.respond(bye, 200);
    kit.network.runUntilIdle();
    assertTrue(closed.isDone());
    assertEquals(CallState.COMPLETED, kit.state());
    assertEquals(Optional.of("the call controller is closing"), kit.status().reason());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> kit.controller.connect(kit.request(CallMethod.REFER).build()));
  }

  @Test
  void aCallWhoseTransportWasClosedStillEnds() {
    connected();
    kit.gateway.close(); // a shutdown in the wrong order
    kit.controller.close();
    kit.network.runUntilIdle();
    assertTrue(kit.controller.closed().toCompletableFuture().isDone());
    assertEquals(CallState.COMPLETED, kit.state());
  }
}
