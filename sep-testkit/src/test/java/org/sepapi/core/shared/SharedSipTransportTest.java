package org.sepapi.core.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sepapi.core.SharedSipTransport;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.MockSipPeer;

class SharedSipTransportTest {
  private final InMemorySipNetwork network = InMemorySipNetwork.create();
  private final SipTransport gateway = network.transport("gateway.test");
  private final MockSipPeer pbx = network.peer("pbx.test");

  private static final SipTransport.ResponseListener IGNORE =
      new SipTransport.ResponseListener() {
        @Override
        public void onFinal(SipResponse response) {}

        @Override
        public void onFailure(org.sepapi.core.spi.TransportException failure) {}
      };

  /** A handler that owns the Call-IDs it is given and records what it receives. */
  private static final class Owner implements SipTransport.IncomingRequestHandler {
    final Set<String> callIds;
    final List<String> received = new ArrayList<>();

    Owner(String... callIds) {
      this.callIds = Set.of(callIds);
    }

    @Override
    public void onRequest(SipTransport.ServerTransaction transaction) {
      received.add(transaction.request().callId());
      transaction.respond(SipResponse.to(transaction.request(), 200).build());
    }

    @Override
    public boolean owns(SipRequest request) {
      return callIds.contains(request.callId());
    }
  }

  private SipRequest fromPbx(String callId) {
    return SipRequest.builder("NOTIFY", SipUri.parse("sip:gateway.test:5060"))
        .header("From", NameAddr.of(pbx.contactUri()).withTag("p").toString())
        .header("To", "<sip:gateway.test>;tag=g")
        .header("Call-ID", callId)
        .header("CSeq", "1 NOTIFY")
        .header("Max-Forwards", "70")
        .build();
  }

  @Test
  void eachRequestReachesTheChannelThatOwnsItsDialogAndTheRestTheFirstChannel() {
    SharedSipTransport shared = SharedSipTransport.over(gateway);
    Owner first = new Owner("sub-1");
    Owner second = new Owner("call-1");
    shared.channel().start(first);
    shared.channel().start(second);

    assertEquals(200, pbx.send(fromPbx("call-1")).response().status());
    assertEquals(200, pbx.send(fromPbx("sub-1")).response().status());
    assertEquals(200, pbx.send(fromPbx("nobody's")).response().status());

    assertEquals(List.of("sub-1", "nobody's"), first.received);
    assertEquals(List.of("call-1"), second.received);
  }

  @Test
  void channelsSendOnTheSharedTransportAndItClosesWithTheLastChannel() {
    SharedSipTransport shared = SharedSipTransport.over(gateway);
    SipTransport one = shared.channel();
    SipTransport two = shared.channel();
    one.start(new Owner());
    two.start(new Owner());
    assertEquals(gateway.contactUri(), two.contactUri());
    assertThrows(IllegalStateException.class, () -> one.start(new Owner()));

    pbx.answer("OPTIONS", 200);
    List<Integer> statuses = new ArrayList<>();
    two.send(
        SipRequest.builder("OPTIONS", pbx.contactUri())
            .header("From", "<sip:gateway.test>;tag=x")
            .header("To", NameAddr.of(pbx.contactUri()).toString())
            .header("Call-ID", "options-1")
            .header("CSeq", "1 OPTIONS")
            .header("Max-Forwards", "70")
            .build(),
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            statuses.add(response.status());
          }

          @Override
          public void onFailure(org.sepapi.core.spi.TransportException failure) {
            statuses.add(-1);
          }
        });
    assertEquals("OPTIONS", pbx.takeRequest().method());
    network.runUntilIdle();
    assertEquals(List.of(200), statuses);

    one.close();
    assertThrows(IllegalStateException.class, () -> one.send(fromPbx("x"), null));
    two.send(fromPbx("still-open"), IGNORE);
    two.close();
    assertThrows(IllegalStateException.class, () -> gateway.send(fromPbx("y"), IGNORE));
    assertThrows(IllegalStateException.class, shared::channel);
    assertTrue(shared.toString().contains("0 started"));
  }
}
