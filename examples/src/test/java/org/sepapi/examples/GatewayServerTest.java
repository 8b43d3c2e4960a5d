package org.sepapi.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sepapi.callcontrol.CallController;
import org.sepapi.callcontrol.CallMethod;
import org.sepapi.callcontrol.CallRequest;
import org.sepapi.callcontrol.CallState;
import org.sepapi.callcontrol.CallStatus;
import org.sepapi.callcontrol.StatusLine;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.dialoginfo.Dialog;
import org.sepapi.model.dialoginfo.DialogInfo;
import org.sepapi.model.reginfo.Reginfo;
import org.sepapi.model.rlmi.Instance;
import org.sepapi.model.rlmi.Resource;

/**
 * The gateway in this JVM with its demo PBX: the SEP API over HTTP and the call controller on one
 * SIP transport, both working at once; shutdown hangs up the live calls.
 */
class GatewayServerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final XmlCodec<Subscription> SUBSCRIPTION = XmlCodec.of(Subscription.class);
  private static final XmlCodec<DialogInfo> DIALOG_INFO = XmlCodec.of(DialogInfo.class);
  private static final XmlCodec<Reginfo> REGINFO = XmlCodec.of(Reginfo.class);
  private static final String ALICE = "sip:alice@demo.sepapi";
  private static final String BOB = "sip:bob@demo.sepapi";
  private static final String OWNER = "gateway-test";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Subscription> callbacks = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private GatewayServer gateway;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    receiver.createContext(
        "/callbacks",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            callbacks.add(SUBSCRIPTION.decode(in.readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
          }
        });
    receiver.start();
    gateway =
        GatewayServer.start(
            GatewayOptions.parse("--http-port=0", "--sip-port=0", "--call-timeout=20")
                .orElseThrow());
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    receiver.stop(0);
  }

  @Test
  void subscriptionsAndCallsShareTheSipTransport() throws Exception {
    subscribe("dialog", ALICE);
    awaitCallback("alice's dialog state", c -> dialogInfo(c, ALICE).isPresent());

    CallController calls = gateway.callController();
    calls.connect(
        CallRequest.builder(OWNER, calls.userUri("alice"), calls.userUri("bob"))
            .method(CallMethod.INVITE)
            .build());
    CallStatus connected = awaitCall(GatewayServerTest::connected);
    String aliceLeg = connected.statusLines().get(0).callId();
    // the PBX tells the gateway's subscription of alice's call while the call controller holds it
    int inCall =
        awaitCallback(
            "alice in the call",
            c -> dialog(c, aliceLeg).map(d -> d.state() == Dialog.State.CONFIRMED).orElse(false));

    // a new subscription while the call is up: its SUBSCRIBE and NOTIFYs on the same SIP port
    subscribe("reg", BOB);
    awaitCallback(
        "bob's registrations",
        c ->
            instances(c, BOB).stream()
                .anyMatch(
                    i ->
                        !i.content().isEmpty()
                            && REGINFO
                                .decode(i.content().get(0))
                                .registrations()
                                .get(0)
                                .aor()
                                .equals(BOB)));
    assertEquals(CallState.ANSWERED, status().state(), "the call is still up");

    assertTrue(calls.hangUp(OWNER, calls.userUri("alice"), calls.userUri("bob")));
    CallStatus done = awaitCall(s -> s.state().isFinal());
    assertEquals(CallState.COMPLETED, done.state(), done::toString);
    // a later dialog state without the call (the engine's merged state drops a terminated dialog)
    awaitCallback(
        "alice's call over",
        inCall + 1,
        c ->
            dialogInfo(c, ALICE).isPresent()
                && dialog(c, aliceLeg).map(Dialog::isTerminated).orElse(true));
  }

  @Test
  void closingHangsUpTheLiveCallsBeforeTheTransportStops() {
    CallController calls = gateway.callController();
    calls.connect(
        CallRequest.builder(OWNER, calls.userUri("alice"), calls.userUri("bob"))
            .method(CallMethod.INVITE)
            .build());
    awaitCall(GatewayServerTest::connected);
    gateway.close();
    CallStatus done = status();
    assertEquals(CallState.COMPLETED, done.state(), done::toString);
    assertEquals("the call controller is closing", done.reason().orElseThrow());
    List<String> byes =
        done.statusLines().stream()
            .filter(l -> l.method().equals("BYE"))
            .map(StatusLine::statusLine)
            .toList();
    assertEquals(List.of("SIP/2.0 200 OK", "SIP/2.0 200 OK"), byes, "both phones hung up");
    assertEquals(0, calls.size());
  }

  private void subscribe(String event, String resource) throws Exception {
    String body =
        "<subscribe xmlns=\"http://voip.co.uk/api/sep/2009-06\" event=\""
            + event
            + "\"><resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\"><list><entry"
            + " uri=\""
            + resource
            + "\"/></list></resource-lists><notify url=\"http://127.0.0.1:"
            + receiver.getAddress().getPort()
            + "/callbacks\"/><expires>2099-01-01T00:00:00Z</expires></subscribe>";
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + gateway.httpPort().orElseThrow() + "/v/2009-06/sep"))
                .header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created::body);
  }

  private int awaitCallback(String what, Predicate<Subscription> wanted) {
    return awaitCallback(what, 0, wanted);
  }

  /** Waits for a callback {@code wanted} accepts, from the {@code from}th on; returns its index. */
  private int awaitCallback(String what, int from, Predicate<Subscription> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<Subscription> seen = List.copyOf(callbacks);
      for (int i = from; i < seen.size(); i++) {
        if (wanted.test(seen.get(i))) {
          return i;
        }
      }
      assertTrue(
          System.nanoTime() < deadline,
          () -> "no callback with " + what + "; seen " + seen.size() + ":\n" + seen);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private CallStatus status() {
    CallController calls = gateway.callController();
    return calls.status(OWNER, calls.userUri("alice"), calls.userUri("bob")).orElseThrow();
  }

  private CallStatus awaitCall(Predicate<CallStatus> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      CallStatus now = status();
      if (wanted.test(now)) {
        return now;
      }
      assertTrue(System.nanoTime() < deadline, () -> "the call never got there: " + now);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Both legs answered and the calling user's re-INVITE answered. */
  private static boolean connected(CallStatus status) {
    List<String> legs = status.statusLines().stream().map(StatusLine::callId).distinct().toList();
    return legs.size() == 2
        && status.statusLines().stream()
                .filter(
                    l ->
                        l.callId().equals(legs.get(0))
                            && l.method().equals("INVITE")
                            && l.statusLine().equals("SIP/2.0 200 OK"))
                .count()
            == 2;
  }

  private static List<Instance> instances(Subscription callback, String resource) {
    return callback
        .list()
        .flatMap(list -> list.resource(resource))
        .map(Resource::instances)
        .orElse(List.of());
  }

  private static Optional<DialogInfo> dialogInfo(Subscription callback, String resource) {
    return instances(callback, resource).stream()
        .filter(i -> !i.content().isEmpty())
        .findFirst()
        .map(i -> DIALOG_INFO.decode(i.content().get(0)));
  }

  private static Optional<Dialog> dialog(Subscription callback, String callId) {
    return dialogInfo(callback, ALICE).stream()
        .flatMap(info -> info.dialogs().stream())
        .filter(d -> d.callId().map(callId::equals).orElse(false))
        .findFirst();
  }
}
