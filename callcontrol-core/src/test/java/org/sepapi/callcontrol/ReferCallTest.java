package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.callcontrol.Fixture.ALICE;
import static org.sepapi.callcontrol.Fixture.BOB;
import static org.sepapi.callcontrol.Fixture.assertStatus;
import static org.sepapi.callcontrol.Fixture.notifyFrag;
import static org.sepapi.callcontrol.Fixture.ringAndAnswer;

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

  /** Answers the INVITE and the REFER: the call is transferring. */
  private SipRequest untilTransferring() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    ringAndAnswer(kit.alice, invite);
    kit.alice.takeRequest("ACK");
    SipRequest refer = kit.alice.takeRequest("REFER");
    kit.alice.respond(refer, 202);
    return refer;
  }

  @Test
  void aBusyCallingUserFailsTheCall() {
    kit.connect(kit.request(CallMethod.REFER).build());
    kit.alice.respond(kit.alice.takeRequest("INVITE"), 486);

    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(Optional.of("busy (the calling user answered 486 Busy Here)"), status.reason());
    assertEquals(List.of("INVITE SIP/2.0 486 Busy Here"), kit.lines());
    kit.alice
        .assertNoMoreRequests(); // the transaction ACKs a non-2xx, the controller sends nothing
  }

  @Test
  void aCallingUserWhoDoesNotAnswerIsCancelledAtTheTimeout() {
    kit.connect(kit.request(CallMethod.REFER).timeout(java.time.Duration.ofSeconds(20)).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    kit.alice.respond(invite, 180);
    kit.advance(java.time.Duration.ofSeconds(19));
    kit.alice.assertNoMoreRequests();
    assertEquals(CallState.RINGING, kit.state());

    kit.advance(java.time.Duration.ofSeconds(1));
    SipRequest cancel = kit.alice.takeRequest("CANCEL"); // MockSipPeer answers 200 and 487
    assertEquals(invite.callId(), cancel.callId());

    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("no answer (the calling user did not answer within 20 s)"), status.reason());
    assertEquals(
        List.of("INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 487 Request Terminated"),
        kit.lines());
  }

  @Test
  void aPhoneThatNeverAnswersAtAllFailsWhenItsTransactionTimesOut() {
    kit.connect(kit.request(CallMethod.REFER).timeout(java.time.Duration.ofSeconds(10)).build());
    kit.alice.takeRequest("INVITE");
    kit.advance(java.time.Duration.ofSeconds(10));
    kit.alice.assertNoMoreRequests(); // no CANCEL before a provisional response
    kit.advance(java.time.Duration.ofSeconds(25)); // Timer B
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("no answer (the calling user did not answer within 10 s)"), status.reason());
  }

  @Test
  void aBusyCalledUserIsPassedOnToTheCallingUserInAReasonHeader() {
    SipRequest refer = untilTransferring();
    notifyFrag(kit.alice, refer, "SIP/2.0 100 Trying", "active;expires=60");
    notifyFrag(kit.alice, refer, "SIP/2.0 486 Busy Here", "terminated;reason=noresource");

    SipRequest bye = kit.alice.takeRequest("BYE");
    assertEquals(Optional.of("SIP;cause=486;text=\"Busy Here\""), bye.header("Reason"), "RFC 3326");
    kit.alice.respond(bye, 200);
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(Optional.of("busy (the called user answered 486 Busy Here)"), status.reason());
  }

  @Test
  void aRefusedReferIsReportedAndTheCallingUsersLegIsEnded() {
    for (int status : new int[] {403, 405, 501}) {
      Fixture fresh = new Fixture();
      fresh.connect(fresh.request(CallMethod.REFER).build());
      SipRequest invite = fresh.alice.takeRequest("INVITE");
      ringAndAnswer(fresh.alice, invite);
      fresh.alice.takeRequest("ACK");
      fresh.alice.respond(fresh.alice.takeRequest("REFER"), status);
      fresh.alice.respond(fresh.alice.takeRequest("BYE"), 200);

      CallStatus ended = fresh.status();
      assertEquals(CallState.FAILED, ended.state());
      assertTrue(
          ended
              .reason()
              .orElseThrow()
              .startsWith("REFER refused (the calling user answered " + status),
          ended.reason()::toString);
    }
  }

  @Test
  void aReferNeverAnsweredEndsTheCallAtTheTransactionTimeout() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    ringAndAnswer(kit.alice, invite);
    kit.alice.takeRequest("ACK");
    kit.alice.takeRequest("REFER");
    kit.advance(java.time.Duration.ofSeconds(32)); // Timer F
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);

    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertTrue(
        status
            .reason()
            .orElseThrow()
            .startsWith("the calling user's phone did not answer the REFER"),
        status.reason()::toString);
  }

  @Test
  void aPhoneThatSendsNoNotifyIsLeftAfterTheReferWait() {
    untilTransferring();
    kit.advance(java.time.Duration.ofSeconds(31));
    kit.alice.assertNoMoreRequests();
    kit.advance(java.time.Duration.ofSeconds(1));
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("the calling user's phone sent no NOTIFY for the REFER"), status.reason());
  }

  @Test
  void theCallingUserHangingUpMidTransferFailsTheCallIfTheTransferNeverProgressed() {
    SipRequest refer = untilTransferring();
    notifyFrag(kit.alice, refer, "SIP/2.0 100 Trying", "active;expires=60");
    SipRequest invite = kit.alice.requests().get(0);
    assertStatus(200, kit.alice.requestFor(invite, "BYE").send().response());
    assertEquals(CallState.ANSWERED, kit.state(), "the NOTIFYs may still say how it went");
    kit.advance(java.time.Duration.ofSeconds(32));
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(
        Optional.of("the calling user hung up before the transfer progressed"), status.reason());
    kit.alice.assertNoMoreRequests(); // no BYE of its own: the phone ended the dialog
  }

  @Test
  void aPhoneThatEndsTheFirstCallItselfWhileTransferringStillCompletesTheCall() {
    SipRequest refer = untilTransferring();
    SipRequest invite = kit.alice.requests().get(0);
    assertStatus(200, kit.alice.requestFor(invite, "BYE").send().response());
    notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    CallStatus status = kit.status();
    assertEquals(CallState.COMPLETED, status.state());
    assertEquals(Optional.of("connected (the called user answered)"), status.reason());
  }

  @Test
  void theControllerLeavesOnceTheReferredCallRingsAndKeepsTheLaterStatusLines() {
    SipRequest refer = untilTransferring();
    notifyFrag(kit.alice, refer, "SIP/2.0 180 Ringing", "active;expires=60");
    SipRequest bye = kit.alice.takeRequest("BYE");
    assertEquals(Optional.empty(), bye.header("Reason"));
    kit.alice.respond(bye, 200);
    assertEquals(CallState.ANSWERED, kit.state(), "still taking the refer's NOTIFYs");
    notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    assertEquals(CallState.COMPLETED, kit.state());
    assertEquals("NOTIFY SIP/2.0 200 OK", kit.lines().get(kit.lines().size() - 1));
  }

  @Test
  void aNotifyThatOvertakesThe202IsTaken() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    ringAndAnswer(kit.alice, invite);
    kit.alice.takeRequest("ACK");
    SipRequest refer = kit.alice.takeRequest("REFER");
    assertStatus(
        200, notifyFrag(kit.alice, refer, "SIP/2.0 100 Trying", "active;expires=60").response());
    kit.alice.respond(refer, 202);
    notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    assertEquals(CallState.COMPLETED, kit.state());
  }

  @Test
  void challengedInviteAndReferAreAnsweredWithTheIdentitysCredentials() {
    Fixture secured =
        new Fixture(
            builder ->
                builder.credentials(
                    (identity, realm) ->
                        identity.equals(ALICE) && realm.equals("pbx")
                            ? Optional.of(
                                org.sepapi.core.spi.SipCredentials.password("alice", "s3cret"))
                            : Optional.empty()));
    secured.alice.requireProxyDigest("pbx", "alice", "s3cret");
    secured.connect(secured.request(CallMethod.REFER).build());
    // the first INVITE is challenged (407), the second carries Proxy-Authorization
    SipRequest challenged = secured.alice.takeRequest("INVITE");
    assertTrue(challenged.header("Proxy-Authorization").isEmpty());
    SipRequest invite = secured.alice.takeRequest("INVITE");
    assertTrue(invite.header("Proxy-Authorization").isPresent());
    assertEquals(challenged.cseq().sequence() + 1, invite.cseq().sequence());
    ringAndAnswer(secured.alice, invite);
    secured.alice.takeRequest("ACK");
    SipRequest refer = secured.alice.takeRequest("REFER");
    SipRequest referAgain = refer;
    if (refer.header("Proxy-Authorization").isEmpty()) { // challenged too: answered once more
      referAgain = secured.alice.takeRequest("REFER");
    }
    assertTrue(referAgain.header("Proxy-Authorization").isPresent());
    secured.alice.respond(referAgain, 202);
    notifyFrag(secured.alice, referAgain, "SIP/2.0 200 OK", "terminated;reason=noresource");
    SipRequest bye = secured.alice.takeRequest("BYE");
    if (bye.header("Proxy-Authorization").isEmpty()) { // the BYE is challenged as well
      bye = secured.alice.takeRequest("BYE");
    }
    secured.alice.respond(bye, 200);
    assertEquals(CallState.COMPLETED, secured.state());
    assertEquals("INVITE SIP/2.0 407 Proxy Authentication Required", secured.lines().get(0));
  }

  @Test
  void wrongCredentialsFailTheCallWithTheChallenge() {
    Fixture secured =
        new Fixture(
            builder ->
                builder.credentials(
                    (identity, realm) ->
                        Optional.of(
                            org.sepapi.core.spi.SipCredentials.password("alice", "wrong"))));
    secured.alice.requireProxyDigest("pbx", "alice", "s3cret");
    secured.connect(secured.request(CallMethod.REFER).build());
    secured.alice.takeRequest("INVITE");
    secured.alice.takeRequest("INVITE");
    secured.alice.assertNoMoreRequests(); // answered once, not again
    CallStatus status = secured.status();
    assertEquals(CallState.FAILED, status.state());
    assertTrue(status.reason().orElseThrow().contains("407"), status.reason()::toString);
  }

  @Test
  void hangingUpARingingCallCancelsIt() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    kit.alice.respond(invite, 180);
    assertTrue(kit.controller.hangUp(Fixture.OWNER, ALICE, BOB));
    kit.alice.takeRequest("CANCEL");
    CallStatus status = kit.status();
    assertEquals(CallState.FAILED, status.state());
    assertEquals(Optional.of("hung up on request"), status.reason());
    assertEquals(false, kit.controller.hangUp("someone else", ALICE, BOB));
  }

  @Test
  void aNewRequestForTheSameUsersReplacesTheLiveCall() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest first = kit.alice.takeRequest("INVITE");
    kit.alice.respond(first, 180);
    CallStatus second = kit.connect(kit.request(CallMethod.REFER).build());

    // the first call is cancelled, the second rings alice anew
    List<String> methods =
        List.of(kit.alice.takeRequest().method(), kit.alice.takeRequest().method());
    assertTrue(methods.containsAll(List.of("CANCEL", "INVITE")), methods::toString);
    CallStatus now = kit.status();
    assertEquals(second.id(), now.id());
    assertEquals(CallState.INITIATED, now.state());
    assertEquals(1, kit.controller.size());
  }

  @Test
  void anEndedCallIsKeptForItsResultCacheTimeThenForgotten() {
    kit.connect(
        kit.request(CallMethod.REFER).resultCacheTime(java.time.Duration.ofSeconds(60)).build());
    kit.alice.respond(kit.alice.takeRequest("INVITE"), 486);
    assertEquals(CallState.FAILED, kit.state());
    kit.advance(java.time.Duration.ofSeconds(59));
    assertTrue(kit.controller.status(Fixture.OWNER, ALICE, BOB).isPresent());
    kit.advance(java.time.Duration.ofSeconds(1));
    assertTrue(kit.controller.status(Fixture.OWNER, ALICE, BOB).isEmpty());
  }

  @Test
  void aForgottenCallsDialogIsNoLongerAnswered() {
    SipRequest refer = untilTransferring();
    notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource");
    kit.alice.respond(kit.alice.takeRequest("BYE"), 200);
    assertEquals(CallState.COMPLETED, kit.state());
    assertStatus(200, notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated").response());
    kit.advance(java.time.Duration.ofMinutes(5)); // the default result cache time
    assertTrue(kit.controller.status(Fixture.OWNER, ALICE, BOB).isEmpty());
    assertStatus(481, notifyFrag(kit.alice, refer, "SIP/2.0 200 OK", "terminated").response());
  }

  @Test
  void aRedirectIsFollowedOnlyWhenForwardingIsAllowed() {
    kit.connect(kit.request(CallMethod.REFER).build());
    SipRequest invite = kit.alice.takeRequest("INVITE");
    assertEquals(Optional.of("no-recurse"), invite.header("Request-Disposition"));
    kit.alice.respond(invite, 302, "Contact: <sip:alice@bob.test>");
    assertEquals(CallState.FAILED, kit.state());
    assertEquals(
        Optional.of("redirected (the calling user answered 302 Moved Temporarily)"),
        kit.status().reason());
    kit.bob.assertNoMoreRequests();

    Fixture forwarding = new Fixture();
    forwarding.connect(forwarding.request(CallMethod.REFER).forwardingAllowed(true).build());
    SipRequest first = forwarding.alice.takeRequest("INVITE");
    assertEquals(Optional.empty(), first.header("Request-Disposition"));
    forwarding.alice.respond(first, 302, "Contact: <sip:alice@bob.test>");
    SipRequest redirected = forwarding.bob.takeRequest("INVITE");
    assertEquals(first.callId(), redirected.callId());
    assertEquals(SipUriOf("sip:alice@bob.test"), redirected.requestUri());
    assertEquals(first.cseq().sequence() + 1, redirected.cseq().sequence());
    assertEquals(first.header("To"), redirected.header("To"), "the user called, still");
  }

  private static org.sepapi.core.sip.SipUri SipUriOf(String text) {
    return org.sepapi.core.sip.SipUri.parse(text);
  }

  @Test
  void theControllerRefusesCallsBeyondItsLimit() {
    Fixture small = new Fixture(builder -> builder.maxCalls(1));
    small.connect(small.request(CallMethod.REFER).build());
    CallControlException full =
        org.junit.jupiter.api.Assertions.assertThrows(
            CallControlException.class,
            () ->
                small.controller.connect(
                    CallRequest.builder("bob", BOB, ALICE).method(CallMethod.REFER).build()));
    assertTrue(full.getMessage().contains("1 live calls"), full::getMessage);
  }

  @Test
  void aHoldFromTheCallingUserIsAcceptedWithAnAnswerThatTakesNoMedia() {
    untilTransferring();
    SipRequest invite = kit.alice.requests().get(0);
    SipRequest hold =
        kit.alice
            .requestFor(invite, "INVITE")
            .body(
                "application/sdp", Fixture.PHONE_SDP.replace("a=rtpmap", "a=sendonly\r\na=rtpmap"))
            .build();
    org.sepapi.core.sip.SipResponse answer = kit.alice.send(hold).response();
    assertStatus(200, answer);
    assertTrue(answer.body().orElseThrow().text().contains("m=audio 0 RTP/AVP 0"));
  }

  @Test
  void requestsOutsideTheCallsDialogsGet481() {
    SipRequest refer = untilTransferring();
    assertStatus(
        481,
        kit.alice.notifyFor(refer).tag("someone-else").header("Event", "refer").send().response());
  }
}
