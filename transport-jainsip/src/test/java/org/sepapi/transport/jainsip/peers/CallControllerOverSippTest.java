package org.sepapi.transport.jainsip.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.callcontrol.StatusLine;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.SipCredentials;
import org.sepapi.core.spi.SystemScheduler;
import org.sepapi.transport.jainsip.JainSipTransport;

/**
 * The call controller (callcontrol-core) as a deployment runs it, over a {@link JainSipTransport}
 * on 127.0.0.1 with real time (the system clock, {@link SystemScheduler}, a small thread pool),
 * against sipp phones: each scenario in {@code src/test/resources/sipp/uas_invite_*} is one phone
 * and checks on the wire what the controller sends it (sipp fails a call on any message it did not
 * expect, and on a failed {@code ereg check_it}); the test checks the call's state, reason and
 * status lines. Outcomes are awaited by polling {@link CallController#status} until a deadline.
 */
class CallControllerOverSippTest {
  private static final String OWNER = "alice";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<Sipp> phones = new ArrayList<>();
  private ExecutorService executor;
  private SystemScheduler scheduler;
  private JainSipTransport transport;
  private CallController controller;

  @AfterEach
  void close() {
    if (controller != null) {
      controller.close();
    }
    phones.forEach(Sipp::close);
    if (transport != null) {
      transport.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** A sipp phone, listening (started before the controller: without sipp the test skips). */
  private Sipp phone(Sipp.Builder options) throws IOException {
    Sipp sipp = options.start();
    phones.add(sipp);
    return sipp.awaitListening();
  }

  private void startController(CredentialsProvider credentials) {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "calls-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    scheduler = SystemScheduler.create();
    transport = JainSipTransport.builder().bind(Peers.LOOPBACK, 0).build();
    controller =
        CallController.builder()
            .transport(transport)
            .scheduler(scheduler)
            .clock(Clock.systemUTC())
            .executor(executor)
            .credentials(credentials)
            .domain(Peers.LOOPBACK)
            .build();
  }

  /** {@code user} at {@code phone}: {@code sip:user@127.0.0.1:port}. */
  private SipUri user(String user, Sipp phone) {
    return controller.userUri(user + "@" + phone.hostPort());
  }

  /** A called user nobody answers for: the REFER scenarios only report the Refer-To target. */
  private SipUri unreachedUser() {
    return controller.userUri("bob@" + Peers.LOOPBACK + ":" + Peers.freeUdpPort());
  }

  private CallStatus connect(SipUri calling, SipUri called, CallMethod method) {
    CallStatus started =
        controller.connect(CallRequest.builder(OWNER, calling, called).method(method).build());
    assertEquals(CallState.INITIATED, started.state());
    return started;
  }

  /**
   * Polls the call's status until {@code wanted} holds, at most {@link #WAIT}; fails with the
   * status and what the phones logged.
   */
  private CallStatus await(
      SipUri calling, SipUri called, Predicate<CallStatus> wanted, Sipp... peers) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Optional<CallStatus> status = Optional.empty();
    while (System.nanoTime() < deadline) {
      status = controller.status(OWNER, calling, called);
      if (status.isPresent() && wanted.test(status.get())) {
        return status.get();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    StringBuilder message =
        new StringBuilder("the call did not get there within " + WAIT + ": " + status);
    for (Sipp peer : peers) {
      message.append('\n').append(peer.report());
    }
    throw new AssertionError(message.toString());
  }

  private CallStatus awaitEnd(SipUri calling, SipUri called, Sipp... peers) {
    return await(calling, called, status -> status.state().isFinal(), peers);
  }

  /**
   * Waits, at most {@link #WAIT}, until the controller counts no live call. The call publishes its
   * final status before it tells the controller that it ended, on its own executor: a status seen
   * final does not mean that {@link CallController#size} is down already.
   */
  private void awaitNoLiveCall() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (controller.size() != 0) {
      assertTrue(System.nanoTime() < deadline, () -> "live calls left: " + controller);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static void assertPassed(Sipp... peers) throws InterruptedException {
    for (Sipp peer : peers) {
      assertEquals(0, peer.await(WAIT), peer::report);
    }
  }

  /** The status lines as {@code METHOD SIP/2.0 code phrase}, in the order the call saw them. */
  private static List<String> lines(CallStatus status) {
    return lines(status.statusLines());
  }

  private static List<String> lines(List<StatusLine> lines) {
    return lines.stream().map(line -> line.method() + " " + line.statusLine()).toList();
  }

  /** The status lines of one leg, by its Call-ID. */
  private static List<String> lines(CallStatus status, String callId) {
    return lines(status.statusLines().stream().filter(l -> l.callId().equals(callId)).toList());
  }

  private static List<CallState> states(CallStatus status) {
    return status.transitions().stream().map(CallStatus.Transition::state).toList();
  }

  private static String describe(CallStatus status, Sipp... peers) {
    StringBuilder text = new StringBuilder(status.toString());
    for (Sipp peer : peers) {
      text.append('\n').append(peer.report());
    }
    return text.toString();
  }

  @Test
  void referRingsTheCallingUserThenRefersItToTheCalledUserAndLeaves() throws Exception {
    Sipp alice = phone(Sipp.scenario("uas_invite_refer", dir));
    startController(CredentialsProvider.none());
    SipUri calling = user("alice", alice);
    SipUri called = unreachedUser();

    connect(calling, called, CallMethod.REFER);
    CallStatus ended = awaitEnd(calling, called, alice);

    assertPassed(alice);
    assertEquals(CallState.COMPLETED, ended.state(), () -> describe(ended, alice));
    assertEquals(Optional.of("connected (the called user answered)"), ended.reason());
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        lines(ended),
        () -> describe(ended, alice));
    assertEquals(
        List.of(CallState.INITIATED, CallState.RINGING, CallState.ANSWERED, CallState.COMPLETED),
        states(ended));
    assertTrue(
        alice.logLines().stream().anyMatch(l -> l.contains("Refer-To=<" + called + ">")),
        () -> "the REFER named another target than " + called + "\n" + alice.report());
    awaitNoLiveCall();
  }

  /**
   * RFC 3725 flow I: A gets an INVITE with an offer that holds no media, B an INVITE without one;
   * B's offer goes to A in a re-INVITE and A's answer to B in the ACK. Run with the shared scenario
   * as both users, and with the variants that check the offer and answer on the wire.
   */
  @ParameterizedTest(name = "A {0}, B {1}")
  @CsvSource({
    "uas_invite_called, uas_invite_called",
    "uas_invite_called_reinvite, uas_invite_called_ack_sdp"
  })
  void inviteConnectsBothUsersAndAHangUpEndsBothLegs(String aScenario, String bScenario)
      throws Exception {
    Sipp alice = phone(Sipp.scenario(aScenario, dir));
    Sipp bob = phone(Sipp.scenario(bScenario, dir));
    startController(CredentialsProvider.none());
    SipUri calling = user("alice", alice);
    SipUri called = user("bob", bob);

    connect(calling, called, CallMethod.INVITE);
    // connected once A has answered the re-INVITE: its second 2xx to an INVITE; the ACK to B with
    // A's answer goes out in the same task, before any hang-up can run on the call's executor
    CallStatus connected =
        await(
            calling,
            called,
            status ->
                status.statusLines().size() > 0
                    && lines(status, status.statusLines().get(0).callId()).stream()
                            .filter("INVITE SIP/2.0 200 OK"::equals)
                            .count()
                        == 2,
            alice,
            bob);
    assertEquals(CallState.ANSWERED, connected.state(), () -> describe(connected, alice, bob));
    assertTrue(controller.hangUp(OWNER, calling, called));
    CallStatus ended = awaitEnd(calling, called, alice, bob);

    assertPassed(alice, bob);
    assertEquals(CallState.COMPLETED, ended.state(), () -> describe(ended, alice, bob));
    assertEquals(Optional.of("hung up on request"), ended.reason());
    assertInviteLines(ended, true, alice, bob);
    assertEquals(
        List.of(CallState.INITIATED, CallState.RINGING, CallState.ANSWERED, CallState.COMPLETED),
        states(ended));
    awaitNoLiveCall();
  }

  @Test
  void theCalledUserHangingUpEndsTheCallingUsersLeg() throws Exception {
    Sipp alice = phone(Sipp.scenario("uas_invite_called_reinvite", dir));
    Sipp bob = phone(Sipp.scenario("uas_invite_called_hangs_up", dir));
    startController(CredentialsProvider.none());
    SipUri calling = user("alice", alice);
    SipUri called = user("bob", bob);

    connect(calling, called, CallMethod.INVITE);
    CallStatus ended = awaitEnd(calling, called, alice, bob);

    assertPassed(alice, bob);
    assertEquals(CallState.COMPLETED, ended.state(), () -> describe(ended, alice, bob));
    assertEquals(Optional.of("hung up by the called user"), ended.reason());
    assertInviteLines(ended, false, alice, bob);
    awaitNoLiveCall();
  }

  /**
   * The status lines of an INVITE-method call, leg by leg (A's leg is the one the first line came
   * on) and in order: A rings and answers, then B, then A answers the re-INVITE, then the BYEs the
   * controller sent were answered (to B only if {@code byeToB}).
   */
  private static void assertInviteLines(CallStatus ended, boolean byeToB, Sipp... peers) {
    String aCallId = ended.statusLines().get(0).callId();
    String bCallId =
        ended.statusLines().stream()
            .map(StatusLine::callId)
            .filter(id -> !id.equals(aCallId))
            .findFirst()
            .orElseThrow(() -> new AssertionError(describe(ended, peers)));
    List<String> answered =
        List.of("INVITE SIP/2.0 100 Trying", "INVITE SIP/2.0 180 Ringing", "INVITE SIP/2.0 200 OK");
    List<String> a = new ArrayList<>(answered);
    a.add("INVITE SIP/2.0 200 OK"); // the re-INVITE with B's offer
    a.add("BYE SIP/2.0 200 OK");
    List<String> b = new ArrayList<>(answered);
    if (byeToB) {
      b.add("BYE SIP/2.0 200 OK");
    }
    assertEquals(a, lines(ended, aCallId), () -> describe(ended, peers));
    assertEquals(b, lines(ended, bCallId), () -> describe(ended, peers));
    // across the legs: A's three, B's three, A's re-INVITE answered, then the BYE(s) in any order
    List<String> first7 = new ArrayList<>(answered);
    first7.addAll(answered);
    first7.add("INVITE SIP/2.0 200 OK");
    assertEquals(first7, lines(ended).subList(0, 7), () -> describe(ended, peers));
    List<String> legOrder =
        ended.statusLines().subList(0, 7).stream()
            .map(line -> line.callId().equals(aCallId) ? "A" : "B")
            .toList();
    assertEquals(List.of("A", "A", "A", "B", "B", "B", "A"), legOrder);
  }

  @Test
  void aBusyCalledUserFailsTheCallAndTheBusyIsPassedToTheCallingUser() throws Exception {
    Sipp alice = phone(Sipp.scenario("uas_invite_refer_busy", dir));
    startController(CredentialsProvider.none());
    SipUri calling = user("alice", alice);
    SipUri called = unreachedUser();

    connect(calling, called, CallMethod.REFER);
    CallStatus ended = awaitEnd(calling, called, alice);

    assertPassed(alice);
    assertEquals(CallState.FAILED, ended.state(), () -> describe(ended, alice));
    assertTrue(ended.reason().orElse("").startsWith("busy"), () -> describe(ended, alice));
    assertEquals(
        List.of(
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 486 Busy Here",
            "BYE SIP/2.0 200 OK"),
        lines(ended),
        () -> describe(ended, alice));
    assertEquals(
        List.of(CallState.INITIATED, CallState.RINGING, CallState.ANSWERED, CallState.FAILED),
        states(ended));
    assertTrue(
        alice.logLines().stream().anyMatch(l -> l.contains("BYE with Reason SIP;cause=486")),
        alice::report);
  }

  /**
   * A challenge to the INVITE is answered with the calling user's credentials: a 407 (a proxy's,
   * answered in Proxy-Authorization, which sipp's {@code verifyauth} does not read: the test checks
   * the digest the phone logged) and a 401 (the phone's own, checked by sipp's {@code verifyauth},
   * and by the test likewise).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "uas_invite_refer_407, SIP/2.0 407 Proxy Authentication Required",
    "uas_invite_refer_401, SIP/2.0 401 Unauthorized"
  })
  void aChallengeToTheInviteIsAnsweredWithTheCallingUsersCredentials(
      String scenario, String challenge) throws Exception {
    Sipp alice =
        phone(Sipp.scenario(scenario, dir).key("user", "alice-sip").key("secret", "s3cret"));
    List<String> asked = new CopyOnWriteArrayList<>();
    startController(
        (identity, realm) -> {
          asked.add(identity + " " + realm);
          return realm.equals("sipp.test") && identity.user().equals(Optional.of("alice"))
              ? Optional.of(SipCredentials.password("alice-sip", "s3cret"))
              : Optional.empty();
        });
    SipUri calling = user("alice", alice);
    SipUri called = unreachedUser();

    connect(calling, called, CallMethod.REFER);
    CallStatus ended = awaitEnd(calling, called, alice);

    assertPassed(alice);
    assertEquals(CallState.COMPLETED, ended.state(), () -> describe(ended, alice));
    assertEquals(
        List.of(
            "INVITE " + challenge,
            "INVITE SIP/2.0 180 Ringing",
            "INVITE SIP/2.0 200 OK",
            "REFER SIP/2.0 202 Accepted",
            "NOTIFY SIP/2.0 100 Trying",
            "NOTIFY SIP/2.0 200 OK",
            "BYE SIP/2.0 200 OK"),
        lines(ended),
        () -> describe(ended, alice));
    assertEquals(List.of(calling + " sipp.test"), asked);
    String authorization =
        alice.logLines().stream()
            .filter(line -> line.startsWith("INVITE again with "))
            .map(line -> line.substring("INVITE again with ".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no credentials logged\n" + alice.report()));
    assertDigest(authorization, "INVITE", "alice-sip", "s3cret", calling);
  }

  /**
   * {@code header} (a Digest Authorization or Proxy-Authorization) answers the scenarios' challenge
   * (realm sipp.test, nonce 7c3e9a0f51, qop auth, MD5) for {@code method} to {@code uri} with that
   * user name and password (RFC 2617 section 3.2.2).
   */
  private static void assertDigest(
      String header, String method, String username, String password, SipUri uri) throws Exception {
    Map<String, String> params = new HashMap<>();
    Matcher matcher = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(header);
    while (matcher.find()) {
      params.put(matcher.group(1), matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
    }
    assertEquals(username, params.get("username"), header);
    assertEquals("sipp.test", params.get("realm"), header);
    assertEquals("7c3e9a0f51", params.get("nonce"), header);
    assertEquals("4d1b", params.get("opaque"), header);
    assertEquals("auth", params.get("qop"), header);
    assertEquals(uri.toString(), params.get("uri"), header);
    String ha1 = md5(username + ":sipp.test:" + password);
    String ha2 = md5(method + ":" + params.get("uri"));
    String expected =
        md5(ha1 + ":7c3e9a0f51:" + params.get("nc") + ":" + params.get("cnonce") + ":auth:" + ha2);
    assertEquals(expected, params.get("response"), header);
  }

  private static String md5(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }
}
