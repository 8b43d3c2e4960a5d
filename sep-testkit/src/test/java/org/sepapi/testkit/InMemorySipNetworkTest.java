package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;
import static org.sepapi.testkit.Recording.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.testkit.Recording.Inbox;
import org.sepapi.testkit.Recording.Listener;

class InMemorySipNetworkTest {
  private final InMemorySipNetwork network = InMemorySipNetwork.create();
  private final ManualScheduler scheduler = network.scheduler();
  private final Instant start = scheduler.clock().instant();
  private final Inbox gatewayInbox = new Inbox();
  private final Inbox pbxInbox = new Inbox();
  private final SipTransport gateway = started("gateway.test", gatewayInbox);
  private final SipTransport pbx = started("pbx.test", pbxInbox);
  private final SipUri alice = SipUri.parse("sip:alice@pbx.test");

  private SipTransport started(String host, Inbox inbox) {
    SipTransport transport = network.transport(host);
    transport.start(inbox);
    return transport;
  }

  private Listener send(SipTransport from, SipRequest request) {
    Listener listener = new Listener();
    from.send(request, listener);
    return listener;
  }

  private static SipResponse ok(SipRequest request) {
    return SipResponse.to(request, 200).toTag("uas").build();
  }

  @Test
  void aTransportsContactIsItsHostAtPort5060() {
    assertEquals(SipUri.parse("sip:gateway.test:5060"), gateway.contactUri());
  }

  @Test
  void aRequestGoesToItsFirstRoutesHostElseToItsRequestUrisPortIgnored() {
    Inbox proxyInbox = new Inbox();
    started("proxy.test", proxyInbox);

    send(
        gateway,
        request("OPTIONS", gateway, SipUri.parse("sip:alice@pbx.test:5070;transport=tcp")).build());
    send(
        gateway,
        request("OPTIONS", gateway, alice)
            .header("Route", "<sip:proxy.test;lr>, <sip:other.test;lr>")
            .build());
    network.runUntilIdle();

    assertEquals(1, pbxInbox.size());
    assertEquals(1, proxyInbox.size());
    assertEquals(
        List.of("<sip:proxy.test;lr>", "<sip:other.test;lr>"),
        proxyInbox.request(0).headers().elements("Route"));
  }

  @Test
  void nothingArrivesUntilTheNetworkRuns() {
    Listener listener = send(gateway, request("OPTIONS", gateway, alice).build());
    assertEquals(0, pbxInbox.size());

    network.runUntilIdle();
    assertEquals(1, pbxInbox.size());

    pbxInbox.get(0).respond(ok(pbxInbox.request(0)));
    assertEquals(List.of(), listener.events());
    network.runUntilIdle();
    assertEquals(List.of("final 200"), listener.events());
  }

  @Test
  void theTransportAddsATopViaWithAFreshBranchAndContentLength() {
    SipRequest sent =
        request("MESSAGE", gateway, alice)
            .header("Via", "SIP/2.0/UDP upstream.test;branch=z9hG4bK-upstream")
            .body(Body.of("text/plain", "hi"))
            .build();
    send(gateway, sent);
    send(gateway, sent);
    network.runUntilIdle();

    SipRequest first = pbxInbox.request(0);
    SipRequest second = pbxInbox.request(1);
    assertEquals(
        "SIP/2.0/UDP gateway.test:5060;branch=z9hG4bK-mem-1", first.headers().first("Via").get());
    assertEquals("z9hG4bK-mem-2", second.vias().get(0).branch().get());
    assertEquals("z9hG4bK-upstream", first.vias().get(1).branch().get());
    assertEquals("2", first.header("Content-Length").get());
    assertEquals(
        sent.headers().without("Via"), first.headers().without("Via").without("Content-Length"));
  }

  @Test
  void aResponseReachesTheTransactionOfItsBranchAndCSeqMethodOnly() {
    Listener listener = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();
    SipRequest received = pbxInbox.request(0);
    SipResponse otherMethod = ok(received).toBuilder().setHeader("CSeq", "1 NOTIFY").build();
    SipResponse otherBranch =
        ok(received).toBuilder()
            .setHeader("Via", "SIP/2.0/UDP gateway.test:5060;branch=z9hG4bK-elsewhere")
            .build();

    // a server transaction answers once, so these go out through two other transactions
    pbxInbox.get(0).respond(SipResponse.to(received, 100).build());
    network.runUntilIdle();
    for (SipResponse stray : List.of(otherMethod, otherBranch)) {
      Listener other = send(gateway, request("OPTIONS", gateway, alice).build());
      network.runUntilIdle();
      pbxInbox.get(pbxInbox.size() - 1).respond(stray);
      network.runUntilIdle();
      assertEquals(List.of(), other.events());
    }
    assertEquals(List.of("provisional 100"), listener.events());

    pbxInbox.get(0).respond(ok(received));
    network.runUntilIdle();
    assertEquals(List.of("provisional 100", "final 200"), listener.events());
  }

  @Test
  void listenersAndHandlersAreNeverCalledInsideAnotherCallback() {
    AtomicInteger depth = new AtomicInteger();
    AtomicInteger deepest = new AtomicInteger();
    List<String> log = new ArrayList<>();
    InMemorySipNetwork net = InMemorySipNetwork.create();
    SipTransport a = net.transport("a.test");
    SipTransport b = net.transport("b.test");
    SipUri atB = SipUri.parse("sip:b.test");
    SipUri atA = SipUri.parse("sip:a.test");
    b.start(
        transaction -> {
          enter(depth, deepest);
          log.add("b got " + transaction.request().method());
          transaction.respond(ok(transaction.request()));
          depth.decrementAndGet();
        });
    a.start(
        transaction -> {
          enter(depth, deepest);
          log.add("a got " + transaction.request().method());
          transaction.respond(ok(transaction.request()));
          depth.decrementAndGet();
        });
    a.send(
        request("SUBSCRIBE", a, atB).build(),
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            enter(depth, deepest);
            log.add("a heard " + response.status());
            // the engine sends from inside a response's handling: this must queue, not recurse
            b.send(request("NOTIFY", b, atA).build(), new Listener());
            log.add("a sent on");
            depth.decrementAndGet();
          }

          @Override
          public void onFailure(TransportException failure) {
            log.add("failure");
          }
        });

    net.runUntilIdle();

    assertEquals(List.of("b got SUBSCRIBE", "a heard 200", "a sent on", "a got NOTIFY"), log);
    assertEquals(1, deepest.get());
  }

  private static void enter(AtomicInteger depth, AtomicInteger deepest) {
    deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
  }

  @Test
  void anUnknownHostFailsUnreachableWhenTheRequestWouldHaveArrived() {
    network.delay("gateway.test", "nowhere.test", Duration.ofSeconds(2));
    Listener listener =
        send(gateway, request("OPTIONS", gateway, SipUri.parse("sip:bob@nowhere.test")).build());
    network.runUntilIdle();
    assertEquals(List.of(), listener.events());

    network.advance(Duration.ofSeconds(2));

    assertEquals(List.of("failure UNREACHABLE"), listener.events());
    assertTrue(listener.failure.getMessage().contains("nowhere.test"));
    network.advance(Duration.ofMinutes(1));
    assertEquals(1, listener.events().size(), "no timeout after the failure");
  }

  @Test
  void aRequestWithoutFinalResponseTimesOutAfter32SecondsOfSchedulerTime() {
    Listener listener = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();
    pbxInbox.get(0).respond(SipResponse.to(pbxInbox.request(0), 100).build());

    network.advance(Duration.ofMillis(31_999));
    assertEquals(List.of("provisional 100"), listener.events());
    network.advance(Duration.ofMillis(1));

    assertEquals(List.of("provisional 100", "failure TIMEOUT"), listener.events());
    assertEquals(start.plusSeconds(32), scheduler.clock().instant());
    assertTrue(listener.failure.getMessage().contains("SUBSCRIBE"), listener.failure.getMessage());
    pbxInbox.get(0).respond(ok(pbxInbox.request(0)));
    network.runUntilIdle();
    assertEquals(2, listener.events().size(), "a final response after the timeout is absorbed");
  }

  @Test
  void aFinalResponseStopsTheTransactionTimer() {
    Listener listener = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();
    pbxInbox.get(0).respond(ok(pbxInbox.request(0)));
    network.runUntilIdle();

    assertEquals(0, scheduler.pending());
    network.advance(Duration.ofMinutes(5));
    assertEquals(List.of("final 200"), listener.events());
  }

  @Test
  void aProvisionalResponseStopsTimerBOfAnInviteButNotTimerFOfOtherRequests() {
    Listener invite = send(gateway, request("INVITE", gateway, alice).build());
    Listener subscribe = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();
    for (int i = 0; i < 2; i++) {
      pbxInbox.get(i).respond(SipResponse.to(pbxInbox.request(i), 180).toTag("uas").build());
    }

    network.advance(Duration.ofMinutes(3));
    assertEquals(List.of("provisional 180"), invite.events());
    assertEquals(List.of("provisional 180", "failure TIMEOUT"), subscribe.events());

    pbxInbox.get(0).respond(ok(pbxInbox.request(0)));
    network.runUntilIdle();
    assertEquals(List.of("provisional 180", "final 200"), invite.events());
  }

  @Test
  void anAckOpensNoTransaction() {
    Listener listener = send(gateway, request("ACK", gateway, alice).build());
    network.runUntilIdle();

    assertEquals("ACK", pbxInbox.request(0).method());
    assertEquals(0, scheduler.pending(), "no Timer F for an ACK");
    pbxInbox.get(0).respond(ok(pbxInbox.request(0))); // ignored
    network.advance(Duration.ofMinutes(1));
    assertEquals(List.of(), listener.events());
  }

  @Test
  void dropNextDropsOneMatchingMessageAndTheSenderTimesOut() {
    InMemorySipNetwork.Rule rule = network.dropNext(p -> p.isRequest("subscribe"));
    Listener dropped = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    Listener kept = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();

    assertEquals(1, pbxInbox.size());
    assertEquals(kept.events(), List.of());
    assertEquals(1, rule.matched());
    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);
    assertEquals(List.of("failure TIMEOUT"), dropped.events());
  }

  @Test
  void dropAllIsASilentPartitionUntilRemoved() {
    InMemorySipNetwork.Rule partition =
        network.dropAll(p -> p.source().equals("pbx.test") || p.destination().equals("pbx.test"));
    send(gateway, request("OPTIONS", gateway, alice).build());
    send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    assertEquals(0, pbxInbox.size());
    assertEquals(2, partition.matched());

    partition.remove();
    send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    assertEquals(1, pbxInbox.size());
    assertEquals(2, partition.matched());
  }

  @Test
  void aDuplicatedRequestReachesTheHandlerOnceAndTheLastResponseIsSentAgain() {
    List<String> wire = new ArrayList<>();
    network.dropAll(p -> !wire.add(p.toString()));
    pbx.close();
    SipTransport answering = network.transport("pbx.test");
    AtomicInteger handled = new AtomicInteger();
    answering.start(
        transaction -> {
          handled.incrementAndGet();
          transaction.respond(ok(transaction.request()));
        });
    network.duplicateNext(p -> p.isRequest("SUBSCRIBE"));

    Listener listener = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();

    assertEquals(1, handled.get());
    assertEquals(List.of("final 200"), listener.events());
    assertEquals(
        List.of(
            "gateway.test -> pbx.test: SUBSCRIBE sip:alice@pbx.test",
            "pbx.test -> gateway.test: SIP/2.0 200 OK",
            "pbx.test -> gateway.test: SIP/2.0 200 OK"),
        wire);
  }

  @Test
  void aDuplicatedProvisionalResponseIsHeardTwiceAndADuplicatedFinalOneOnce() {
    Listener listener = send(gateway, request("SUBSCRIBE", gateway, alice).build());
    network.runUntilIdle();
    network.duplicateNext(p -> p.isResponse(180));
    network.duplicateNext(p -> p.isResponse(200));

    pbxInbox.get(0).respond(SipResponse.to(pbxInbox.request(0), 180).toTag("uas").build());
    pbxInbox.get(0).respond(ok(pbxInbox.request(0)));
    network.runUntilIdle();

    assertEquals(List.of("provisional 180", "provisional 180", "final 200"), listener.events());
  }

  @Test
  void aHeldMessageIsOvertakenAndArrivesWhenReleased() {
    InMemorySipNetwork.Held held = network.holdNext(p -> p.isRequest("NOTIFY"));
    assertFalse(held.isHolding());
    assertThrows(IllegalStateException.class, held::release);

    send(pbx, request("NOTIFY", pbx, gateway.contactUri()).header("X-Order", "1").build());
    send(pbx, request("NOTIFY", pbx, gateway.contactUri()).header("X-Order", "2").build());
    network.runUntilIdle();
    assertTrue(held.isHolding());
    assertEquals("1", held.packet().message().header("X-Order").get());
    assertEquals(1, gatewayInbox.size());

    held.release();
    assertFalse(held.isHolding());
    assertThrows(IllegalStateException.class, held::release);
    network.runUntilIdle();

    assertEquals("2", gatewayInbox.request(0).header("X-Order").get());
    assertEquals("1", gatewayInbox.request(1).header("X-Order").get());
  }

  @Test
  void aCancelledHoldDropsWhatItHeld() {
    InMemorySipNetwork.Held held = network.holdNext(p -> p.isRequest("OPTIONS"));
    Listener listener = send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    held.cancel();
    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);

    assertEquals(0, pbxInbox.size());
    assertEquals(List.of("failure TIMEOUT"), listener.events());
  }

  @Test
  void aLinkDelayHoldsMessagesOnThatLinkOnlyAndKeepsTheirOrder() {
    List<String> arrivals = new ArrayList<>();
    pbx.close();
    network
        .transport("pbx.test")
        .start(
            transaction -> {
              arrivals.add(
                  transaction.request().header("X-Order").get()
                      + " at +"
                      + Duration.between(start, scheduler.clock().instant()).toMillis());
              transaction.respond(ok(transaction.request()));
            });
    network.delay("gateway.test", "pbx.test", Duration.ofMillis(1500));

    Listener first =
        send(gateway, request("OPTIONS", gateway, alice).header("X-Order", "1").build());
    send(gateway, request("OPTIONS", gateway, alice).header("X-Order", "2").build());
    network.runUntilIdle();
    assertEquals(List.of(), arrivals);
    network.advance(Duration.ofMillis(1500));
    assertEquals(List.of("1 at +1500", "2 at +1500"), arrivals);
    assertEquals(List.of("final 200"), first.events(), "the way back has no delay");

    network.delay("gateway.test", "pbx.test", Duration.ZERO);
    send(gateway, request("OPTIONS", gateway, alice).header("X-Order", "3").build());
    network.runUntilIdle();
    assertEquals("3 at +1500", arrivals.get(2));
  }

  @Test
  void anUnreachableHostCanNeitherBeReachedNorReachOthers() {
    Listener before = send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    network.unreachable("pbx.test");

    Listener to = send(gateway, request("OPTIONS", gateway, alice).build());
    Listener from = send(pbx, request("NOTIFY", pbx, gateway.contactUri()).build());
    pbxInbox.get(0).respond(ok(pbxInbox.request(0))); // lost
    network.runUntilIdle();

    assertEquals(List.of("failure UNREACHABLE"), to.events());
    assertEquals(List.of("failure UNREACHABLE"), from.events());
    assertEquals(0, gatewayInbox.size());
    assertEquals(List.of(), before.events());
    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);
    assertEquals(List.of("failure TIMEOUT"), before.events());

    network.reachable("pbx.test");
    Listener after = send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    assertEquals(2, pbxInbox.size());
    assertEquals(List.of(), after.events());
  }

  @Test
  void aMessageOverTheSizeLimitFailsTheRequestOrIsLost() {
    network.maxMessageSize(1000);
    SipRequest large =
        request("MESSAGE", gateway, alice).body(Body.of("text/plain", "x".repeat(1000))).build();

    Listener refused = send(gateway, large);
    assertEquals(List.of(), refused.events(), "not inside send");
    network.runUntilIdle();
    assertEquals(List.of("failure SEND_FAILED"), refused.events());
    assertEquals(0, pbxInbox.size());

    Listener answered = send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();
    pbxInbox
        .get(0)
        .respond(
            ok(pbxInbox.request(0)).toBuilder()
                .body(Body.of("text/plain", "y".repeat(1000)))
                .build());
    network.advance(InMemorySipNetwork.TRANSACTION_TIMEOUT);
    assertEquals(List.of("failure TIMEOUT"), answered.events());
  }

  @Test
  void closeFailsPendingTransactionsLaterAndFreesTheName() {
    Listener pending = send(gateway, request("OPTIONS", gateway, alice).build());
    network.runUntilIdle();

    gateway.close();
    assertEquals(List.of(), pending.events(), "not inside close");
    network.runUntilIdle();
    assertEquals(List.of("failure CLOSED"), pending.events());
    assertEquals(0, scheduler.pending(), "its timers are gone");

    assertThrows(
        IllegalStateException.class,
        () -> gateway.send(request("OPTIONS", gateway, alice).build(), new Listener()));
    assertThrows(IllegalStateException.class, () -> gateway.start(new Inbox()));
    Listener toClosed = send(pbx, request("NOTIFY", pbx, gateway.contactUri()).build());
    network.runUntilIdle();
    assertEquals(List.of("failure UNREACHABLE"), toClosed.events());

    Inbox again = new Inbox();
    started("gateway.test", again);
    send(pbx, request("NOTIFY", pbx, gateway.contactUri()).build());
    network.runUntilIdle();
    assertEquals(1, again.size());
  }

  @Test
  void aTransportMustBeStartedOnceToSendOrReceive() {
    SipTransport idle = network.transport("idle.test");
    assertThrows(
        IllegalStateException.class,
        () -> idle.send(request("OPTIONS", idle, alice).build(), new Listener()));
    Listener toIdle =
        send(gateway, request("OPTIONS", gateway, SipUri.parse("sip:idle.test")).build());
    network.runUntilIdle();
    assertEquals(List.of("failure UNREACHABLE"), toIdle.events());

    idle.start(new Inbox());
    assertThrows(IllegalStateException.class, () -> idle.start(new Inbox()));
  }

  @Test
  void hostNamesAreCheckedAndTakenOnce() {
    assertThrows(IllegalStateException.class, () -> network.transport("gateway.test"));
    assertThrows(IllegalStateException.class, () -> network.peer("GATEWAY.test"));
    for (String bad :
        List.of("", "gateway.test:5060", "bob@x.test", "x.test;transport=tcp", "a b")) {
      assertThrows(IllegalArgumentException.class, () -> network.transport(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> network.maxMessageSize(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> network.delay("a.test", "b.test", Duration.ofMillis(-1)));
  }

  @Test
  void theServerForgetsATransaction32SecondsAfterItsFinalResponse() {
    pbx.close();
    AtomicInteger handled = new AtomicInteger();
    network
        .transport("pbx.test")
        .start(
            transaction -> {
              handled.incrementAndGet();
              transaction.respond(ok(transaction.request()));
            });

    // a copy that comes 10 s late is absorbed, one that comes 40 s late is a new request
    for (Duration late : List.of(Duration.ofSeconds(10), Duration.ofSeconds(40))) {
      network.duplicateNext(p -> p.isRequest("OPTIONS"));
      InMemorySipNetwork.Held copy = network.holdNext(p -> p.isRequest("OPTIONS"));
      send(gateway, request("OPTIONS", gateway, alice).build());
      network.runUntilIdle();
      network.advance(late);
      copy.release();
      network.runUntilIdle();
    }
    assertEquals(3, handled.get());
  }

  @Test
  void anyHeadersAndBodyArriveAsTheyWereSent() {
    Gen<String> names =
        strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 8).map(n -> "X-" + n);
    Gen<String> values = strings().betweenCodePoints(0x21, 0x7e).ofLengthBetween(1, 30);
    Gen<byte[]> bodies =
        Generate.byteArrays(
            integers().between(0, 300), Generate.bytes((byte) -128, (byte) 127, (byte) 0));
    qt().withExamples(100)
        .forAll(lists().of(names.zip(values, List::of)).ofSizeBetween(0, 10), bodies)
        .checkAssert(
            (headers, body) -> {
              SipRequest.Builder builder = request("MESSAGE", gateway, alice);
              for (List<String> header : headers) {
                builder.header(header.get(0), header.get(1));
              }
              SipRequest sent = builder.body(Body.of("application/octet-stream", body)).build();
              int before = pbxInbox.size();
              send(gateway, sent);
              network.runUntilIdle();
              SipRequest received = pbxInbox.request(before);

              SipHeaders added = received.headers();
              assertEquals(sent.headers(), added.without("Via").without("Content-Length"));
              assertEquals(String.valueOf(body.length), added.first("Content-Length").get());
              assertEquals(sent.body(), received.body());
            });
  }
}
