package org.sepapi.callcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.testkit.InMemorySipNetwork;
import org.sepapi.testkit.MockSipPeer;

/**
 * A call controller on the in-memory network, with scripted phones: {@code alice.test} (the calling
 * user) and {@code bob.test} (the called user). A direct executor and the network's manual
 * scheduler: nothing runs until the test makes the network run, and no test waits.
 */
final class Fixture {
  static final SipUri ALICE = SipUri.parse("sip:alice@alice.test");
  static final SipUri BOB = SipUri.parse("sip:bob@bob.test");
  static final String OWNER = "alice";

  static final String PHONE_SDP =
      "v=0\r\no=phone 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
          + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  final InMemorySipNetwork network = InMemorySipNetwork.create();
  final SipTransport gateway = network.transport("gateway.test");
  final MockSipPeer alice = network.peer("alice.test");
  final MockSipPeer bob = network.peer("bob.test");
  final RecordingSink sink = new RecordingSink();
  final CallController controller;

  Fixture() {
    this(builder -> {});
  }

  Fixture(java.util.function.Consumer<CallController.Builder> configure) {
    sink.scheduler(network.scheduler());
    CallController.Builder builder =
        CallController.builder()
            .transport(gateway)
            .scheduler(network.scheduler())
            .clock(network.scheduler().clock())
            .executor(Runnable::run)
            .random(new Random(6665))
            .sink(sink)
            .domain("example.test");
    configure.accept(builder);
    controller = builder.build();
  }

  CallRequest.Builder request(CallMethod method) {
    return CallRequest.builder(OWNER, ALICE, BOB).method(method);
  }

  CallStatus connect(CallRequest request) {
    CallStatus started = controller.connect(request);
    network.runUntilIdle();
    return started;
  }

  CallStatus status() {
    network.runUntilIdle();
    return controller.status(OWNER, ALICE, BOB).orElseThrow();
  }

  CallState state() {
    return status().state();
  }

  List<String> lines() {
    return status().statusLines().stream()
        .map(line -> line.method() + " " + line.statusLine())
        .toList();
  }

  /** The phone rings, then answers with its SDP. */
  static void ringAndAnswer(MockSipPeer phone, SipRequest invite) {
    phone.respond(invite, 180);
    phone.respond(
        invite, phone.response(invite, 200).body(Body.of("application/sdp", PHONE_SDP)).build());
  }

  /** The phone answers {@code invite} 200 with {@code sdp}. */
  static void answer(MockSipPeer phone, SipRequest invite, String sdp) {
    phone.respond(
        invite, phone.response(invite, 200).body(Body.of("application/sdp", sdp)).build());
  }

  /** A sipfrag NOTIFY from the phone in the REFER's dialog. */
  static MockSipPeer.SentRequest notifyFrag(
      MockSipPeer phone, SipRequest refer, String statusLine, String state) {
    return phone
        .notifyFor(refer)
        .state(state)
        .header("Event", "refer")
        .body("message/sipfrag;version=2.0", statusLine + "\r\n")
        .send();
  }

  void advance(Duration duration) {
    network.advance(duration);
  }

  static void assertStatus(int expected, SipResponse response) {
    assertEquals(expected, response.status(), response::toString);
  }
}
