package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.testkit.Recording.request;
import static org.sepapi.testkit.Recording.subscribe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.EventHeader;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.SubscriptionState;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.testkit.Recording.Inbox;
import org.sepapi.testkit.Recording.Listener;

class MockSipPeerTest {
  private final InMemorySipNetwork network = InMemorySipNetwork.create();
  private final MockSipPeer pbx = network.peer("pbx.test");
  private final Inbox inbox = new Inbox();
  private final SipTransport gateway = network.transport("gateway.test");
  private final SipUri alice = SipUri.parse("sip:alice@pbx.test");

  MockSipPeerTest() {
    gateway.start(inbox);
  }

  private Listener send(SipRequest request) {
    Listener listener = new Listener();
    gateway.send(request, listener);
    return listener;
  }

  private Listener subscribeToAlice() {
    return send(subscribe(gateway, alice).build());
  }

  @Test
  void aStandingRuleAnswersEveryRequestOfItsMethodAsADialogCreatingUas() {
    pbx.answer("SUBSCRIBE", 202);
    Listener first = subscribeToAlice();
    Listener second =
        send(
            subscribe(gateway, alice)
                .setHeader("Expires", "60")
                .header("Record-Route", "<sip:rr.test;lr>")
                .build());
    SipRequest firstSubscribe = pbx.takeRequest("SUBSCRIBE");
    pbx.takeRequest("SUBSCRIBE");

    SipResponse response = first.response;
    assertEquals(202, response.status());
    assertEquals(Optional.of("pbx-1"), response.to().tag());
    assertEquals(firstSubscribe.callId(), response.callId());
    assertEquals(firstSubscribe.header("Via"), response.header("Via"));
    assertEquals(Optional.of(NameAddr.of(pbx.contactUri())), response.contact());
    assertEquals(OptionalLong.of(600), response.expires());
    assertEquals(List.of(), response.recordRoutes());

    assertEquals(Optional.of("pbx-2"), second.response.to().tag(), "another dialog, another tag");
    assertEquals(OptionalLong.of(60), second.response.expires());
    assertEquals(List.of(NameAddr.parse("<sip:rr.test;lr>")), second.response.recordRoutes());
  }

  @Test
  void oneShotRulesComeFirstInOrderAndTheirHeadersReplaceTheDefaults() {
    pbx.answer("SUBSCRIBE", 200, "Expires: 300", "X-Rule: standing");
    pbx.answerNext("SUBSCRIBE", 423, "Min-Expires: 1800");
    pbx.onNextRequest("subscribe", r -> pbx.response(r, 489).build());

    Listener tooBrief = subscribeToAlice();
    Listener badEvent = subscribeToAlice();
    Listener accepted = subscribeToAlice();
    network.runUntilIdle();

    assertEquals(423, tooBrief.response.status());
    assertEquals(OptionalLong.of(1800), tooBrief.response.minExpires());
    assertEquals(489, badEvent.response.status());
    assertEquals(200, accepted.response.status());
    assertEquals(OptionalLong.of(300), accepted.response.expires());
    assertEquals(List.of("300"), accepted.response.headers().values("Expires"));
    assertEquals(Optional.of("standing"), accepted.response.header("X-Rule"));
  }

  @Test
  void aRequestWithNoRuleWaitsForTheTestToAnswerIt() {
    Listener listener = subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();
    assertEquals(List.of(), listener.events());

    pbx.respond(subscribe, 100);
    pbx.respond(subscribe, 202, "X-Answer: by hand");
    network.runUntilIdle();

    assertEquals(List.of("provisional 100", "final 202"), listener.events());
    assertEquals(Optional.empty(), listener.provisionals.get(0).to().tag(), "no tag on a 100");
    assertEquals(Optional.of("by hand"), listener.response.header("X-Answer"));
    assertThrows(IllegalStateException.class, () -> pbx.respond(subscribe, 200));
    SipRequest stranger = subscribe(gateway, alice).build();
    assertThrows(IllegalArgumentException.class, () -> pbx.respond(stranger, 200));
  }

  @Test
  void aResponderMayDeclineAndAnUnansweredRequestTimesOutAtTheSender() {
    pbx.onRequest("OPTIONS", request -> null);
    Listener listener = send(request("OPTIONS", gateway, alice).build());
    pbx.takeRequest("OPTIONS");

    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);

    assertEquals(List.of("failure TIMEOUT"), listener.events());
  }

  @Test
  void takeRequestRunsTheNetworkAndFailsFastWhenThereIsNone() {
    AssertionError none = assertThrows(AssertionError.class, pbx::takeRequest);
    assertEquals("pbx.test has no request left to take: it received 0", none.getMessage());

    subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();
    assertEquals("SUBSCRIBE", subscribe.method());
    AssertionError allTaken = assertThrows(AssertionError.class, pbx::takeRequest);
    assertEquals(
        "pbx.test has no request left to take: it received 1, all taken: SUBSCRIBE sip:alice@pbx.test",
        allTaken.getMessage());

    send(request("OPTIONS", gateway, alice).build());
    AssertionError wrongMethod = assertThrows(AssertionError.class, () -> pbx.takeRequest("BYE"));
    assertEquals(
        "pbx.test expected a BYE but received OPTIONS sip:alice@pbx.test",
        wrongMethod.getMessage());
    pbx.assertNoMoreRequests();

    send(request("MESSAGE", gateway, alice).build());
    AssertionError left = assertThrows(AssertionError.class, pbx::assertNoMoreRequests);
    assertTrue(left.getMessage().endsWith("MESSAGE sip:alice@pbx.test"), left.getMessage());
    assertEquals(3, pbx.requests().size());
    assertSame(subscribe, pbx.requests().get(0));
  }

  @Test
  void notifyForBuildsAWellFormedRequestInTheDialogOfTheSubscribe() {
    pbx.answer("SUBSCRIBE", 202);
    Listener accepted =
        send(
            subscribe(gateway, alice)
                .header("Record-Route", "<sip:proxy1.test;lr>, <sip:proxy2.test;lr>")
                .build());
    SipRequest subscribe = pbx.takeRequest("SUBSCRIBE");
    String toTag = accepted.response.to().tag().orElseThrow();
    byte[] xml = "<dialog-info/>".getBytes(StandardCharsets.UTF_8);

    SipRequest notify = pbx.notifyFor(subscribe).body("application/dialog-info+xml", xml).build();
    SipRequest second = pbx.notifyFor(subscribe).state("terminated;reason=timeout").build();

    assertEquals("NOTIFY", notify.method());
    assertEquals(gateway.contactUri(), notify.requestUri());
    assertEquals(subscribe.callId(), notify.callId());
    assertEquals(subscribe.header("From"), notify.header("To"));
    assertEquals(subscribe.to().uri(), notify.from().uri());
    assertEquals(Optional.of(toTag), notify.from().tag(), "the tag of the 202");
    assertEquals(1, notify.cseq().sequence());
    assertEquals("NOTIFY", notify.cseq().method());
    assertEquals(2, second.cseq().sequence());
    assertTrue(notify.event().get().matches(EventHeader.parse("dialog;id=7")));
    assertEquals(SubscriptionState.parse("active;expires=600"), notify.subscriptionState().get());
    assertEquals(Optional.of("timeout"), second.subscriptionState().get().reason());
    assertEquals(Optional.of(NameAddr.of(pbx.contactUri())), notify.contact());
    assertEquals(Optional.of("70"), notify.header("Max-Forwards"));
    assertEquals(
        List.of("<sip:proxy1.test;lr>", "<sip:proxy2.test;lr>"),
        notify.headers().elements("Route"));
    assertEquals("application/dialog-info+xml", notify.body().get().contentType());
    assertArrayEquals(xml, notify.body().get().content());
    assertEquals(List.of(), notify.headers().values("Via"), "the transport adds the Via");
  }

  @Test
  void aSentNotifyReachesTheSubscriberAndItsResponseComesBack() {
    pbx.answer("SUBSCRIBE", 202);
    subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();

    MockSipPeer.SentRequest sent =
        pbx.notifyFor(subscribe).body("application/dialog-info+xml", "<dialog-info/>").send();
    AssertionError notYet = assertThrows(AssertionError.class, sent::response);
    assertTrue(notYet.getMessage().contains("no final response"), notYet.getMessage());

    SipRequest received = inbox.request(0);
    assertEquals(sent.request(), received);
    assertEquals(Optional.of("14"), received.header("Content-Length"));
    assertTrue(received.vias().get(0).branch().get().startsWith("z9hG4bK"));
    inbox.get(0).respond(SipResponse.to(received, 180).build());
    inbox.get(0).respond(SipResponse.to(received, 200).build());

    assertEquals(200, sent.response().status());
    assertEquals(1, sent.provisionals().size());
    assertEquals(Optional.empty(), sent.failure());
  }

  @Test
  void aNotifyMayComeBeforeTheFinalResponseToTheSubscribe() {
    List<String> order = new ArrayList<>();
    gateway.close();
    SipTransport subscriber = network.transport("gateway.test");
    subscriber.start(
        transaction -> {
          order.add("NOTIFY from " + transaction.request().from().tag().get());
          transaction.respond(SipResponse.to(transaction.request(), 200).build());
        });
    subscriber.send(
        subscribe(subscriber, alice).build(),
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            order.add(response.status() + " with " + response.to().tag().get());
          }

          @Override
          public void onFailure(TransportException failure) {
            order.add("failure " + failure.kind());
          }
        });
    SipRequest subscribe = pbx.takeRequest();

    pbx.notifyFor(subscribe).send();
    network.runUntilIdle();
    pbx.respond(subscribe, 202);
    network.runUntilIdle();

    assertEquals(List.of("NOTIFY from pbx-1", "202 with pbx-1"), order);
  }

  @Test
  void aForkedSubscriptionHasTwoNotifiersWithTheirOwnTagsAndCSeqs() {
    pbx.answer("SUBSCRIBE", 202);
    subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();
    String other = pbx.newTag();

    pbx.notifyFor(subscribe).send();
    pbx.notifyFor(subscribe).tag(other).send();
    pbx.notifyFor(subscribe).send();
    network.runUntilIdle();

    assertEquals(3, inbox.size());
    SipRequest first = inbox.request(0);
    SipRequest forked = inbox.request(1);
    SipRequest third = inbox.request(2);
    assertEquals(first.callId(), forked.callId());
    assertEquals(first.to(), forked.to());
    assertNotEquals(first.from().tag(), forked.from().tag());
    assertEquals(Optional.of(other), forked.from().tag());
    assertEquals(1, forked.cseq().sequence());
    assertEquals(2, third.cseq().sequence());
    assertEquals(first.from().tag(), third.from().tag());
  }

  @Test
  void anExplicitCSeqIsUsedAndLaterOnesCountOnFromIt() {
    pbx.answer("SUBSCRIBE", 202);
    subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();

    assertEquals(10, pbx.notifyFor(subscribe).cseq(10).build().cseq().sequence());
    assertEquals(3, pbx.notifyFor(subscribe).cseq(3).build().cseq().sequence());
    assertEquals(11, pbx.notifyFor(subscribe).build().cseq().sequence());
    assertThrows(IllegalArgumentException.class, () -> pbx.notifyFor(subscribe).cseq(-1));
  }

  @Test
  void aRefreshInTheDialogKeepsTheTagAndTheNotifyCount() {
    pbx.answer("SUBSCRIBE", 202);
    Listener initial = subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();
    pbx.notifyFor(subscribe).build();
    String tag = initial.response.to().tag().get();

    SipRequest refresh =
        subscribe.toBuilder()
            .headers(
                subscribe
                    .headers()
                    .without("Via")
                    .with("To", subscribe.to().withTag(tag).toString())
                    .with("CSeq", "2 SUBSCRIBE"))
            .build();
    Listener refreshed = send(refresh);
    SipRequest received = pbx.takeRequest();

    assertEquals(Optional.of(tag), refreshed.response.to().tag());
    assertEquals(tag, pbx.tagFor(received));
    SipRequest notify = pbx.notifyFor(received).build();
    assertEquals(Optional.of(tag), notify.from().tag());
    assertEquals(2, notify.cseq().sequence());
  }

  @Test
  void aReferGetsNotifiesOfTheReferEventAndAnInviteABye() {
    pbx.answer("REFER", 202).answer("INVITE", 200);
    send(request("REFER", gateway, alice).header("Refer-To", "<sip:bob@pbx.test>").build());
    send(request("INVITE", gateway, alice).build());
    SipRequest refer = pbx.takeRequest("REFER");
    SipRequest invite = pbx.takeRequest("INVITE");

    SipRequest notify =
        pbx.notifyFor(refer)
            .state("active;expires=60")
            .body("message/sipfrag", "SIP/2.0 100 Trying")
            .build();
    SipRequest bye = pbx.requestFor(invite, "bye").build();

    assertEquals(Optional.of("refer"), notify.header("Event"));
    assertEquals("BYE", bye.method());
    assertEquals("1 BYE", bye.header("CSeq").get());
    assertEquals(invite.callId(), bye.callId());
    assertEquals(Optional.empty(), bye.header("Event"));
    assertEquals(Optional.empty(), bye.header("Subscription-State"));
  }

  @Test
  void notifyForRefusesARequestWithoutContactOrEvent() {
    SipRequest withoutContact =
        request("SUBSCRIBE", gateway, alice).header("Event", "dialog").build();
    send(withoutContact.toBuilder().headers(withoutContact.headers().without("Contact")).build());
    send(request("SUBSCRIBE", gateway, alice).build());
    SipRequest noContact = pbx.takeRequest();
    SipRequest noEvent = pbx.takeRequest();

    assertThrows(IllegalArgumentException.class, () -> pbx.notifyFor(noContact));
    assertThrows(IllegalArgumentException.class, () -> pbx.notifyFor(noEvent));
  }

  @Test
  void digestChallengesUntilTheCredentialsAreRight() {
    pbx.requireDigest("pbx.test", "gw", "secret").answer("SUBSCRIBE", 202);
    Listener first = subscribeToAlice();
    network.runUntilIdle();

    SipResponse unauthorized = first.response;
    assertEquals(401, unauthorized.status());
    Challenge challenge = unauthorized.challenges().get(0);
    assertTrue(challenge.isDigest());
    assertFalse(challenge.proxy());
    assertEquals(Optional.of("pbx.test"), challenge.realm());
    assertEquals("MD5", challenge.algorithm());
    assertEquals(List.of("auth"), challenge.qopOptions());
    assertTrue(challenge.opaque().isPresent());

    SipRequest retry = pbx.takeRequest();
    Listener wrong = send(withCredentials(retry, challenge, "Authorization", "gw", "wrong", true));
    Listener right = send(withCredentials(retry, challenge, "Authorization", "gw", "secret", true));
    Listener rfc2069 =
        send(withCredentials(retry, challenge, "Authorization", "gw", "secret", false));
    Challenge forged =
        Challenge.parse(
            "Digest realm=\"pbx.test\", nonce=\"made-up\", opaque=\""
                + challenge.opaque().get()
                + "\"",
            false);
    Listener unknownNonce =
        send(withCredentials(retry, forged, "Authorization", "gw", "secret", true));
    network.runUntilIdle();

    assertEquals(401, wrong.response.status());
    assertEquals(202, right.response.status());
    assertEquals(202, rfc2069.response.status());
    assertEquals(401, unknownNonce.response.status());
  }

  @Test
  void proxyDigestUses407AndProxyAuthorization() {
    pbx.requireProxyDigest("proxy.test", "gw", "secret").answer("MESSAGE", 200);
    Listener first = send(request("MESSAGE", gateway, alice).build());
    network.runUntilIdle();
    assertEquals(407, first.response.status());
    Challenge challenge = first.response.challenges().get(0);
    assertTrue(challenge.proxy());
    SipRequest message = pbx.takeRequest();

    Listener asUas =
        send(withCredentials(message, challenge, "Authorization", "gw", "secret", true));
    Listener asProxy =
        send(withCredentials(message, challenge, "Proxy-Authorization", "gw", "secret", true));
    network.runUntilIdle();

    assertEquals(407, asUas.response.status());
    assertEquals(200, asProxy.response.status());
  }

  /**
   * {@code request} again (new CSeq, no Via) with digest credentials computed here, by the test.
   */
  private static SipRequest withCredentials(
      SipRequest request,
      Challenge challenge,
      String header,
      String username,
      String password,
      boolean qop) {
    String uri = request.requestUri().toString();
    String realm = challenge.realm().get();
    String nonce = challenge.nonce().get();
    String ha1 = md5(username + ":" + realm + ":" + password);
    String ha2 = md5(request.method() + ":" + uri);
    String credentials =
        "Digest username=\""
            + username
            + "\", realm=\""
            + realm
            + "\", nonce=\""
            + nonce
            + "\", uri=\""
            + uri
            + "\"";
    if (qop) {
      String response = md5(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
      credentials += ", response=\"" + response + "\", qop=auth, nc=00000001, cnonce=\"c0ffee\"";
    } else {
      credentials += ", response=\"" + md5(ha1 + ":" + nonce + ":" + ha2) + "\"";
    }
    credentials += ", algorithm=MD5, opaque=\"" + challenge.opaque().get() + "\"";
    long cseq = request.cseq().sequence() + 1;
    return request.toBuilder()
        .headers(
            request
                .headers()
                .without("Via")
                .with("CSeq", cseq + " " + request.method())
                .add(header, credentials))
        .build();
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void thePeerCanHoldItsOwnResponseSoThatItsNotifyOvertakesIt() {
    pbx.answer("SUBSCRIBE", 202);
    InMemorySipNetwork.Held held = pbx.holdNext(p -> p.isResponse(202));
    Listener listener = subscribeToAlice();
    SipRequest subscribe = pbx.takeRequest();

    pbx.notifyFor(subscribe).send();
    network.runUntilIdle();
    assertEquals(1, inbox.size());
    assertEquals(List.of(), listener.events());

    held.release();
    network.runUntilIdle();
    assertEquals(List.of("final 202"), listener.events());
  }

  @Test
  void thePeersFaultsTouchOnlyWhatThePeerSends() {
    pbx.answer("OPTIONS", 200);
    InMemorySipNetwork.Rule drop =
        pbx.dropNext(p -> p.isRequest("OPTIONS") || p.isRequest("NOTIFY"));
    pbx.duplicateNext(p -> p.isRequest("MESSAGE"));

    Listener options = send(request("OPTIONS", gateway, alice).build()); // from the gateway: kept
    MockSipPeer.SentRequest notify =
        pbx.send(request("NOTIFY", pbx.contactUri(), gateway.contactUri()).build());
    MockSipPeer.SentRequest message =
        pbx.send(request("MESSAGE", pbx.contactUri(), gateway.contactUri()).build());
    network.runUntilIdle();

    assertEquals(List.of("final 200"), options.events());
    assertEquals(1, drop.matched());
    assertEquals(1, inbox.size(), "the NOTIFY was dropped, the MESSAGE's copy absorbed");
    assertEquals("MESSAGE", inbox.request(0).method());
    inbox.get(0).respond(SipResponse.to(inbox.request(0), 200).build());
    assertEquals(200, message.response().status());

    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);
    assertEquals(TransportException.Kind.TIMEOUT, notify.failure().get().kind());
    AssertionError failed = assertThrows(AssertionError.class, notify::response);
    assertTrue(failed.getMessage().contains("TIMEOUT"), failed.getMessage());
  }

  @Test
  void aPeerDelayPushesBackEverythingItSends() {
    Instant start = network.scheduler().clock().instant();
    pbx.delay(Duration.ofSeconds(2));
    pbx.answer("OPTIONS", 200);
    Listener listener = send(request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    assertEquals(List.of(), listener.events());

    network.advance(Duration.ofSeconds(2));

    assertEquals(List.of("final 200"), listener.events());
    assertEquals(start.plusSeconds(2), network.scheduler().clock().instant());
  }

  @Test
  void aClosedPeerIsUnreachable() {
    pbx.close();
    Listener listener = send(request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();

    assertEquals(List.of("failure UNREACHABLE"), listener.events());
    assertThrows(
        IllegalStateException.class,
        () -> pbx.send(request("NOTIFY", pbx.contactUri(), gateway.contactUri()).build()));
    MockSipPeer again = network.peer("pbx.test");
    assertEquals("MockSipPeer[pbx.test]", again.toString());
  }

  @Test
  void badRulesAreRefusedWhenTheyAreMade() {
    assertThrows(IllegalArgumentException.class, () -> pbx.answer("SUBSCRIBE", 99));
    assertThrows(IllegalArgumentException.class, () -> pbx.answer("SUBSCRIBE", 200, "no colon"));
    assertThrows(
        IllegalArgumentException.class, () -> pbx.answer("SUBSCRIBE", 200, ": empty name"));
    assertThrows(
        IllegalArgumentException.class, () -> pbx.answer("SUBSCRIBE", 200, "X-A: line\r\nbreak"));
  }

  @Test
  void aCancelIsSentOnlyAfterAProvisionalAndThePeerAnswersItAsAPhoneDoes() {
    Listener listener = new Listener();
    SipTransport.ClientTransaction invite =
        gateway.send(Recording.request("INVITE", gateway, alice).build(), listener);
    SipRequest received = pbx.takeRequest("INVITE");

    invite.cancel();
    pbx.assertNoMoreRequests(); // RFC 3261 section 9.1: not before a provisional response

    pbx.respond(received, 180);
    SipRequest cancel = pbx.takeRequest("CANCEL");
    assertEquals(received.vias().get(0).branch(), cancel.vias().get(0).branch());
    network.runUntilIdle();
    assertEquals(List.of("provisional 180", "final 487"), listener.events());
    assertEquals(Optional.of("pbx-1"), listener.response.to().tag());

    // a CANCEL that matches no INVITE gets 481 (the in-memory transport absorbs it)
    Listener stray = send(Recording.request("CANCEL", gateway, alice).build());
    pbx.takeRequest("CANCEL");
    network.runUntilIdle();
    assertEquals(481, stray.response.status());
  }
}
