package org.sepapi.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.callcontrol.StatusLine;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.testkit.ManualClock;
import org.sepapi.testkit.ManualScheduler;
import org.sepapi.transport.jainsip.JainSipTransport;
import org.sepapi.transport.jainsip.peers.Gateway;

/**
 * Third-party calls into the demo PBX's phones over real SIP on 127.0.0.1: sepapi's call controller
 * on a JAIN-SIP transport of its own, the PBX as its outbound proxy. Both have manual schedulers:
 * the PBX's phones hang up, and the controller gives up ringing, only when a test moves time.
 */
class DemoPhonesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String OWNER = "demo-test";

  /** The demo phones' call length, the default. */
  private static final Duration CALL_LENGTH = Duration.ofMinutes(2);

  private static final String TRYING = "INVITE SIP/2.0 100 Trying";
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);

  private final ManualScheduler pbxTimers = ManualScheduler.on(ManualClock.create());
  private final ManualScheduler callTimers = ManualScheduler.on(ManualClock.create());
  private final ExecutorService callThreads = Executors.newFixedThreadPool(2);
  private DemoPbx pbx;
  private long requests;
  private JainSipTransport sip;
  private CallController calls;

  @BeforeEach
  void start() {
    pbx = DemoPbx.builder().scheduler(pbxTimers).seed(42).build();
    sip = JainSipTransport.builder().bind("127.0.0.1", 0).stackName("calls-test").build();
    calls =
        CallController.builder()
            .transport(sip)
            .scheduler(callTimers)
            .executor(callThreads)
            .domain(pbx.domain())
            .outboundProxy(pbx.uri())
            .build();
  }

  @AfterEach
  void stop() {
    if (calls != null) {
      calls.close();
    }
    if (sip != null) {
      sip.close();
    }
    if (pbx != null) {
      pbx.close();
    }
    callThreads.shutdownNow();
  }

  @Test
  void aReferCallIsAnsweredReferredAndLeftAndTheTransferLastsTheCallLength() throws Exception {
    CallStatus started = connect("alice", "bob", CallMethod.REFER);
    assertEquals(CallState.INITIATED, started.state());
    CallStatus done = await("alice", "bob", s -> s.state().isFinal());
    assertEquals(CallState.COMPLETED, done.state(), done::toString);
    assertEquals("connected (the called user answered)", done.reason().orElseThrow());
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 180 Ringing",
            "NOTIFY SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        lines(done));
    assertEquals(1, callIds(done).size(), "one dialog, with alice's phone");
    assertEquals("SIP/2.0 100 Trying", done.statusLines().get(0).statusLine(), "the phone's own");

    // the controller has left; alice and bob talk in a call the PBX made up for the transfer
    Dialog alice = only(awaitCalls("alice", d -> d.size() == 1));
    assertEquals(Dialog.State.CONFIRMED, alice.state());
    assertEquals(Dialog.Direction.INITIATOR, alice.direction().orElseThrow());
    assertEquals("sip:bob@demo.sepapi", remote(alice));
    Dialog bob = only(pbx.phoneCalls("bob").get(5, TimeUnit.SECONDS));
    assertEquals(Dialog.State.CONFIRMED, bob.state());
    assertEquals("sip:alice@demo.sepapi", remote(bob));
    assertEquals(alice.callId(), bob.callId());

    pbxTimers.advance(CALL_LENGTH);
    awaitCalls("alice", List::isEmpty);
    assertEquals(List.of(), pbx.phoneCalls("bob").get(5, TimeUnit.SECONDS));
  }

  @Test
  void anInviteCallConnectsBothPhonesUntilItIsHungUp() throws Exception {
    connect("alice", "bob", CallMethod.INVITE);
    CallStatus connected = await("alice", "bob", DemoPhonesTest::connected);
    assertEquals(CallState.ANSWERED, connected.state());
    List<String> legs = callIds(connected);
    assertEquals(2, legs.size(), connected::toString);
    assertEquals(
        List.of("INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 200 OK", "INVITE SIP/2.0 200 OK"),
        lines(connected, legs.get(0)),
        "alice's leg: answered, then the re-INVITE with bob's offer");
    assertEquals(
        List.of("INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 200 OK"),
        lines(connected, legs.get(1)),
        "bob's leg: answered with an offer");
    Dialog alice = only(awaitCalls("alice", d -> d.size() == 1));
    assertEquals(legs.get(0), alice.callId().orElseThrow());
    assertEquals(Dialog.State.CONFIRMED, alice.state());
    assertEquals(Dialog.Direction.RECIPIENT, alice.direction().orElseThrow());
    Dialog bob = only(pbx.phoneCalls("bob").get(5, TimeUnit.SECONDS));
    assertEquals(legs.get(1), bob.callId().orElseThrow());
    assertEquals(Dialog.State.CONFIRMED, bob.state());

    assertTrue(calls.hangUp(OWNER, calls.userUri("alice"), calls.userUri("bob")));
    CallStatus done = await("alice", "bob", s -> s.state().isFinal());
    assertEquals(CallState.COMPLETED, done.state(), done::toString);
    assertEquals("hung up on request", done.reason().orElseThrow());
    // both phones took the BYE in their dialog (a BYE in a dialog they did not know gets 481)
    assertEquals("BYE SIP/2.0 200 OK", last(lines(done, legs.get(0))));
    assertEquals("BYE SIP/2.0 200 OK", last(lines(done, legs.get(1))));
    awaitCalls("alice", List::isEmpty);
    assertEquals(List.of(), pbx.phoneCalls("bob").get(5, TimeUnit.SECONDS));
  }

  @Test
  void thePhonesHangUpAfterTheCallLength() throws Exception {
    connect("alice", "bob", CallMethod.INVITE);
    await("alice", "bob", DemoPhonesTest::connected);
    pbxTimers.advance(CALL_LENGTH);
    CallStatus done = await("alice", "bob", s -> s.state().isFinal());
    assertEquals(CallState.COMPLETED, done.state(), done::toString);
    assertEquals("hung up by the calling user", done.reason().orElseThrow());
    awaitCalls("alice", List::isEmpty);
    awaitCalls("bob", List::isEmpty);
  }

  @ParameterizedTest
  @EnumSource(CallMethod.class)
  void busyIsBusy(CallMethod method) throws Exception {
    connect("alice", "busy", method);
    CallStatus done = await("alice", "busy", s -> s.state().isFinal());
    assertEquals(CallState.FAILED, done.state(), done::toString);
    assertEquals("busy (the called user answered 486 Busy Here)", done.reason().orElseThrow());
    List<String> lines = lines(done);
    assertTrue(
        lines.contains(
            method == CallMethod.REFER
                ? "NOTIFY SIP/2.0 486 Busy Here"
                : "INVITE SIP/2.0 486 Busy Here"),
        lines::toString);
    assertEquals("BYE SIP/2.0 200 OK", last(lines), "alice is hung up");
    awaitCalls("alice", List::isEmpty);
  }

  @Test
  void aBusyCallingUserFailsTheCallAtOnce() {
    connect("busy", "alice", CallMethod.REFER);
    CallStatus done = await("busy", "alice", s -> s.state().isFinal());
    assertEquals(CallState.FAILED, done.state());
    assertEquals("busy (the calling user answered 486 Busy Here)", done.reason().orElseThrow());
    assertEquals(List.of("INVITE SIP/2.0 486 Busy Here"), lines(done));
  }

  @Test
  void noanswerRingsUntilTheControllerCancels() throws Exception {
    calls.connect(
        CallRequest.builder(OWNER, calls.userUri("alice"), calls.userUri("noanswer"))
            .method(CallMethod.INVITE)
            .timeout(Duration.ofSeconds(2))
            .build());
    CallStatus ringing =
        await(
            "alice",
            "noanswer",
            s ->
                callIds(s).size() == 2
                    && lines(s, callIds(s).get(1)).contains("INVITE SIP/2.0 180 Ringing"));
    Dialog early = only(awaitCalls("noanswer", d -> d.size() == 1));
    assertEquals(Dialog.State.EARLY, early.state());
    assertTrue(!ringing.state().isFinal());

    callTimers.advance(Duration.ofSeconds(2));
    CallStatus done = await("alice", "noanswer", s -> s.state().isFinal());
    assertEquals(CallState.FAILED, done.state(), done::toString);
    assertEquals(
        "no answer (the called user did not answer within 2 s)", done.reason().orElseThrow());
    List<String> legs = callIds(done);
    assertEquals(
        List.of("INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 487 Request Terminated"),
        lines(done, legs.get(1)),
        "noanswer's INVITE cancelled");
    assertEquals("BYE SIP/2.0 200 OK", last(lines(done, legs.get(0))));
    awaitCalls("noanswer", List::isEmpty);
    awaitCalls("alice", List::isEmpty);
  }

  @Test
  void aTransferToNoanswerRingsUntilThePhoneGivesUp() throws Exception {
    connect("alice", "noanswer", CallMethod.REFER);
    await("alice", "noanswer", s -> lines(s).contains("BYE SIP/2.0 200 OK"));
    Dialog ringing = only(awaitCalls("noanswer", d -> d.size() == 1));
    assertEquals(Dialog.State.EARLY, ringing.state());

    pbxTimers.advance(DemoPhones.RING_LIMIT);
    CallStatus done = await("alice", "noanswer", s -> s.state().isFinal());
    assertEquals(CallState.FAILED, done.state(), done::toString);
    assertEquals(
        "no answer (the called user answered 480 Temporarily Unavailable)",
        done.reason().orElseThrow());
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 180 Ringing",
            "BYE SIP/2.0 200 OK",
            "NOTIFY SIP/2.0 480 Temporarily Unavailable"),
        lines(done));
    awaitCalls("noanswer", List::isEmpty);
  }

  @Test
  void aTransferToSomeoneUnknownIsNotFound() {
    connect("alice", "mallory", CallMethod.REFER);
    CallStatus done = await("alice", "mallory", s -> s.state().isFinal());
    assertEquals(CallState.FAILED, done.state(), done::toString);
    assertEquals("not found (the called user answered 404 Not Found)", done.reason().orElseThrow());
    assertTrue(lines(done).contains("NOTIFY SIP/2.0 404 Not Found"), done::toString);
  }

  @Test
  void aDialogSubscriptionSeesTheCallComeAndGo() throws Exception {
    try (Gateway gateway = Gateway.start(service -> service.outboundProxy(pbx.uri()))) {
      String alice = pbx.aor("alice").toString();
      String id = gateway.subscribe("dialog", alice);
      gateway.awaitInstance(id, alice, i -> !i.content().isEmpty(), this::none);

      connect("alice", "bob", CallMethod.INVITE);
      CallStatus connected = await("alice", "bob", DemoPhonesTest::connected);
      String leg = callIds(connected).get(0);
      gateway.awaitInstance(
          id,
          alice,
          i -> dialog(i, leg).map(d -> d.state() == Dialog.State.CONFIRMED).orElse(false),
          this::none);

      calls.hangUp(OWNER, calls.userUri("alice"), calls.userUri("bob"));
      await("alice", "bob", s -> s.state().isFinal());
      gateway.awaitInstance(
          id, alice, i -> dialog(i, leg).map(Dialog::isTerminated).orElse(true), this::none);
      assertTrue(gateway.delete(id));
      awaitSubscriptions(0);
    }
  }

  @Test
  void requestsThePhonesDoNotTakeGetTheirCodes() throws Exception {
    try (JainSipTransport client =
        JainSipTransport.builder().bind("127.0.0.1", 0).stackName("phones-test").build()) {
      client.start(transaction -> {});
      assertEquals(404, send(client, request(client, "INVITE", "mallory")).status());
      SipResponse message = send(client, request(client, "MESSAGE", "alice"));
      assertEquals(405, message.status());
      assertTrue(message.headers().first("Allow").orElseThrow().contains("INVITE"));
      assertEquals(481, send(client, request(client, "BYE", "alice")).status());
      assertEquals(481, send(client, request(client, "REFER", "alice")).status());
      SipRequest inDialog =
          request(client, "INVITE", "alice").toBuilder()
              .setHeader("To", "<sip:alice@demo.sepapi>;tag=nope")
              .build();
      assertEquals(481, send(client, inDialog).status());
      SipRequest notSdp =
          request(client, "INVITE", "alice").toBuilder()
              .body(Body.of("text/plain", "hello"))
              .build();
      assertEquals(415, send(client, notSdp).status());
      assertEquals(200, send(client, request(client, "OPTIONS", "alice")).status());
      // still answering calls
      SipRequest invite = request(client, "INVITE", "bob");
      SipResponse ok = send(client, invite);
      assertEquals(200, ok.status());
      assertEquals("application/sdp", ok.body().orElseThrow().mediaType());
      assertTrue(ok.to().tag().isPresent());
      assertEquals(1, pbx.phoneCalls("bob").get(5, TimeUnit.SECONDS).size());
      client.send(inCall("ACK", 1, invite, ok), ignore());
      assertEquals(200, send(client, inCall("BYE", 2, invite, ok)).status());
      awaitCalls("bob", List::isEmpty);
      assertEquals(481, send(client, inCall("BYE", 3, invite, ok)).status(), "the call is over");
    }
  }

  /** A request in the dialog {@code ok} set up. */
  private static SipRequest inCall(String method, long cseq, SipRequest invite, SipResponse ok) {
    return SipRequest.builder(method, ok.contact().orElseThrow().uri())
        .header("From", invite.headers().first("From").orElseThrow())
        .header("To", ok.headers().first("To").orElseThrow())
        .header("Call-ID", invite.callId())
        .header("CSeq", cseq + " " + method)
        .header("Max-Forwards", "70")
        .build();
  }

  private void awaitSubscriptions(int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pbx.subscriptionCount().get(5, TimeUnit.SECONDS) != count) {
      assertTrue(System.nanoTime() < deadline, "the PBX still has subscriptions");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static SipTransport.ResponseListener ignore() {
    return new SipTransport.ResponseListener() {
      @Override
      public void onFinal(SipResponse response) {}

      @Override
      public void onFailure(TransportException failure) {}
    };
  }

  private CallStatus connect(String calling, String called, CallMethod method) {
    return calls.connect(
        CallRequest.builder(OWNER, calls.userUri(calling), calls.userUri(called))
            .method(method)
            .build());
  }

  private CallStatus status(String calling, String called) {
    return calls.status(OWNER, calls.userUri(calling), calls.userUri(called)).orElseThrow();
  }

  private CallStatus await(String calling, String called, Predicate<CallStatus> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      CallStatus now = status(calling, called);
      if (wanted.test(now)) {
        return now;
      }
      assertTrue(System.nanoTime() < deadline, () -> "the call never got there: " + now);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /**
   * The call's status lines as {@code METHOD status-line}, without the 100 Trying to INVITEs: the
   * phones send one at once to a new call, and JAIN-SIP sends one of its own to any INVITE not
   * answered within 200 ms, which a loaded machine may see now and then.
   */
  private static List<String> lines(CallStatus status) {
    return status.statusLines().stream()
        .map(l -> l.method() + " " + l.statusLine())
        .filter(line -> !line.equals(TRYING))
        .toList();
  }

  private List<Dialog> awaitCalls(String user, Predicate<List<Dialog>> wanted) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<Dialog> now = pbx.phoneCalls(user).get(5, TimeUnit.SECONDS);
      if (wanted.test(now)) {
        return now;
      }
      assertTrue(System.nanoTime() < deadline, () -> user + "'s phone never got there: " + now);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Both legs answered and alice's re-INVITE with bob's offer answered: the call is connected. */
  private static boolean connected(CallStatus status) {
    List<String> legs = callIds(status);
    return legs.size() == 2
        && lines(status, legs.get(0)).stream().filter("INVITE SIP/2.0 200 OK"::equals).count() == 2
        && lines(status, legs.get(1)).contains("INVITE SIP/2.0 200 OK");
  }

  /** The Call-IDs of the call's legs, in the order they first show in its status lines. */
  private static List<String> callIds(CallStatus status) {
    return status.statusLines().stream().map(StatusLine::callId).distinct().toList();
  }

  /** The status lines of one leg, as {@link #lines(CallStatus)}. */
  private static List<String> lines(CallStatus status, String callId) {
    return status.statusLines().stream()
        .filter(l -> l.callId().equals(callId))
        .map(l -> l.method() + " " + l.statusLine())
        .filter(line -> !line.equals(TRYING))
        .toList();
  }

  private static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }

  private static Dialog only(List<Dialog> dialogs) {
    assertEquals(1, dialogs.size(), dialogs::toString);
    return dialogs.get(0);
  }

  private static String remote(Dialog dialog) {
    return dialog.remote().flatMap(p -> p.identity()).orElseThrow().uri();
  }

  private static Optional<Dialog> dialog(Instance instance, String callId) {
    if (instance.content().isEmpty()) {
      return Optional.empty();
    }
    return DIALOG_INFO.decode(instance.content().get(0)).dialogs().stream()
        .filter(d -> d.callId().map(callId::equals).orElse(false))
        .findFirst();
  }

  private String none() {
    return "";
  }

  private SipRequest request(JainSipTransport client, String method, String user) {
    long tag = ++requests;
    SipRequest.Builder builder =
        SipRequest.builder(method, pbx.aor(user))
            .header("Route", "<" + pbx.uri() + ";lr>")
            .header("From", "<sip:test@127.0.0.1>;tag=t" + tag)
            .header("To", "<" + pbx.aor(user) + ">")
            .header("Call-ID", "phones-test-" + tag + "-" + System.nanoTime())
            .header("CSeq", "1 " + method)
            .header("Max-Forwards", "70")
            .header("Contact", "<" + client.contactUri() + ">");
    return builder.build();
  }

  private static SipResponse send(JainSipTransport client, SipRequest request) throws Exception {
    CompletableFuture<SipResponse> answer = new CompletableFuture<>();
    client.send(
        request,
        new SipTransport.ResponseListener() {
          @Override
          public void onFinal(SipResponse response) {
            answer.complete(response);
          }

          @Override
          public void onFailure(TransportException failure) {
            answer.completeExceptionally(failure);
          }
        });
    return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
