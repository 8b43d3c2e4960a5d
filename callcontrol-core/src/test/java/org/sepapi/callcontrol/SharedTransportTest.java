package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SharedSipTransport;
import org.sepapi.core.SubscriptionRequest;
import org.sepapi.core.SubscriptionService;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.MockSipPeer;

/**
 * The SEP API's subscriptions and the call controller on one SIP port: each NOTIFY reaches the
 * service whose dialog it is in, though both arrive at the same transport.
 */
class SharedTransportTest {
  private static final String REGINFO =
      "<?xml version=\"1.0\"?><reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"0\""
          + " state=\"full\"><registration aor=\"sip:carol@pbx.test\" id=\"r1\""
          + " state=\"active\"><contact id=\"c1\" state=\"active\" event=\"registered\">"
          + "<uri>sip:carol@192.0.2.9</uri></contact></registration></reginfo>";

  @Test
  void subscriptionsAndCallsShareOneTransport() throws Exception {
    InMemorySipNetwork network = InMemorySipNetwork.create();
    SharedSipTransport shared = SharedSipTransport.over(network.transport("gateway.test"));
    MockSipPeer pbx = network.peer("pbx.test");
    MockSipPeer alice = network.peer("alice.test");
    NotificationSink sink =
        new NotificationSink() {
          @Override
          public void signal(NotificationSource source) {
            network
                .scheduler()
                .schedule(
                    Duration.ZERO,
                    () ->
                        source
                            .take()
                            .thenAccept(
                                n ->
                                    n.ifPresent(
                                        taken ->
                                            source.delivered(taken, DeliveryOutcome.DELIVERED))));
          }

          @Override
          public void close() {}
        };
    SubscriptionService subscriptions =
        SubscriptionService.builder()
            .transport(shared.channel())
            .scheduler(network.scheduler())
            .clock(network.scheduler().clock())
            .executor(Runnable::run)
            .random(new Random(1))
            .sink(sink)
            .identity(NameAddr.parse("<sip:sepapi@gateway.test>"))
            .build();
    CallController calls =
        CallController.builder()
            .transport(shared.channel())
            .scheduler(network.scheduler())
            .clock(network.scheduler().clock())
            .executor(Runnable::run)
            .random(new Random(2))
            .domain("pbx.test")
            .build();

    pbx.answer("SUBSCRIBE", 200);
    subscriptions
        .create(
            new SubscriptionRequest(
                "alice",
                "reg",
                List.of(SipUri.parse("sip:carol@pbx.test")),
                Optional.empty(),
                Optional.of(URI.create("http://client.test/cb")),
                network.scheduler().clock().instant().plus(Duration.ofHours(1)),
                List.of()))
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    network.runUntilIdle();
    SipRequest subscribe = pbx.takeRequest("SUBSCRIBE");

    calls.connect(CallRequest.builder("alice", Fixture.ALICE, Fixture.BOB).build());
    network.runUntilIdle();
    SipRequest invite = alice.takeRequest("INVITE");
    Fixture.ringAndAnswer(alice, invite);
    alice.takeRequest("ACK");
    SipRequest refer = alice.takeRequest("REFER");
    alice.respond(refer, 202);

    // both NOTIFYs come to gateway.test; each is taken by its own service
    assertEquals(
        200,
        pbx.notifyFor(subscribe)
            .body("application/reginfo+xml", REGINFO)
            .send()
            .response()
            .status());
    assertEquals(
        200,
        Fixture.notifyFrag(alice, refer, "SIP/2.0 200 OK", "terminated;reason=noresource")
            .response()
            .status());
    alice.respond(alice.takeRequest("BYE"), 200);
    network.runUntilIdle();

    CallStatus call = calls.status("alice", Fixture.ALICE, Fixture.BOB).orElseThrow();
    assertEquals(CallState.COMPLETED, call.state());
    String id = subscriptions.list("alice").get(0).id();
    String state =
        subscriptions
            .get("alice", id)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS)
            .orElseThrow()
            .toString();
    assertTrue(state.contains("sip:carol@192.0.2.9"), state);

    // a NOTIFY in no one's dialog is answered by the first channel (the subscriptions): 481
    assertEquals(
        481,
        pbx.notifyFor(subscribe).header("Call-ID", "nobody@pbx.test").send().response().status());
  }
}
