package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.Via;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/** What the contract leaves to the transport: routing, timers, failures, the builder's checks. */
class JainSipTransportTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable each : opened) {
      each.close();
    }
  }

  private JainSipTransport open(JainSipTransport.Builder builder) {
    JainSipTransport transport = builder.build();
    opened.add(transport);
    return transport;
  }

  private static JainSipTransport.Builder loopback() {
    return JainSipTransport.builder().bind("127.0.0.1", 0);
  }

  private static SipRequest.Builder options(SipTransport from, SipUri target) {
    return SipRequest.builder("OPTIONS", target)
        .header("Max-Forwards", "70")
        .header("From", NameAddr.of(from.contactUri()).withTag("t").toString())
        .header("To", NameAddr.of(target).toString())
        .header("Call-ID", "test-" + System.nanoTime() + "@sepapi.test")
        .header("CSeq", "1 OPTIONS");
  }

  /** The final status or the failure kind of one transaction. */
  private static final class Outcome implements SipTransport.ResponseListener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final List<TransportException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onFinal(SipResponse response) {
      events.add(response.status());
    }

    @Override
    public void onFailure(TransportException failure) {
      failures.add(failure);
      events.add(failure.kind());
    }

    Object await() throws InterruptedException {
      Object event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(event, "no outcome within " + WAIT);
      return event;
    }
  }

  @Test
  void withoutAnswerTheTransactionTimesOutAfter64TimesT1() throws Exception {
    JainSipTransport client = open(loopback().retransmitTimer(Duration.ofMillis(20)));
    client.start(t -> {});
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      Outcome outcome = new Outcome();
      long start = System.nanoTime();
      client.send(
          options(client, SipUri.parse("sip:silent@127.0.0.1:" + silent.getLocalPort())).build(),
          outcome);
      assertEquals(TransportException.Kind.TIMEOUT, outcome.await());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofMillis(64 * 20)) >= 0, "Timer F is 64*T1: " + took);
    }
  }

  @Test
  void aRefusedTcpConnectionIsUnreachable() throws Exception {
    JainSipTransport client = open(loopback().protocol(JainSipTransport.Protocol.TCP));
    client.start(t -> {});
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Outcome outcome = new Outcome();
    client.send(
        options(client, SipUri.parse("sip:nobody@127.0.0.1:" + closedPort)).build(), outcome);
    assertEquals(TransportException.Kind.UNREACHABLE, outcome.await(), () -> describe(outcome));
  }

  private static String describe(Outcome outcome) {
    StringBuilder out = new StringBuilder();
    for (TransportException failure : outcome.failures) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" / ");
      }
    }
    return out.toString();
  }

  @Test
  void largerUdpBuffersStillCarryRequestsAndResponses() throws Exception {
    JainSipTransport client = open(loopback().udpBufferBytes(1 << 20));
    JainSipTransport server = open(loopback().udpBufferBytes(1 << 20));
    BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
    client.start(t -> {});
    server.start(received::add);
    Outcome outcome = new Outcome();
    client.send(options(client, server.contactUri()).build(), outcome);
    ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(transaction, "the request did not arrive");
    transaction.respond(SipResponse.to(transaction.request(), 200).toTag("b").build());
    assertEquals(200, outcome.await());
  }

  @Test
  void aRequestGoesToItsFirstRoute() throws Exception {
    JainSipTransport client = open(loopback());
    JainSipTransport next = open(loopback());
    BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
    client.start(t -> {});
    next.start(received::add);
    SipUri route = next.contactUri().withParameter("lr", "");
    Outcome outcome = new Outcome();
    client.send(
        options(client, SipUri.parse("sip:bob@unreachable.invalid"))
            .header("Route", NameAddr.of(route).toString())
            .build(),
        outcome);
    ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(transaction, "the request did not reach its route");
    assertEquals(SipUri.parse("sip:bob@unreachable.invalid"), transaction.request().requestUri());
    transaction.respond(SipResponse.to(transaction.request(), 200).toTag("n").build());
    assertEquals(200, outcome.await());
  }

  @Test
  void anOutboundProxyTakesEveryRequest() throws Exception {
    JainSipTransport proxy = open(loopback());
    BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
    proxy.start(received::add);
    JainSipTransport client = open(loopback().outboundProxy("127.0.0.1", proxy.port()));
    client.start(t -> {});
    Outcome outcome = new Outcome();
    client.send(
        options(client, SipUri.parse("sip:bob@unreachable.invalid"))
            .header("Route", "<sip:other.invalid;lr>")
            .build(),
        outcome);
    ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(transaction, "the request did not reach the proxy");
    transaction.respond(SipResponse.to(transaction.request(), 404).toTag("p").build());
    assertEquals(404, outcome.await());
  }

  @Test
  void notifiesBeforeTheSubscribesAnswerAndFromForksReachTheHandler() throws Exception {
    JainSipTransport subscriber = open(loopback());
    JainSipTransport notifier = open(loopback());
    BlockingQueue<ServerTransaction> atSubscriber = new LinkedBlockingQueue<>();
    BlockingQueue<ServerTransaction> atNotifier = new LinkedBlockingQueue<>();
    subscriber.start(atSubscriber::add);
    notifier.start(atNotifier::add);
    Outcome subscribed = new Outcome();
    subscriber.send(
        SipRequest.builder("SUBSCRIBE", notifier.contactUri())
            .header("Max-Forwards", "70")
            .header("From", NameAddr.of(subscriber.contactUri()).withTag("sub").toString())
            .header("To", NameAddr.of(notifier.contactUri()).toString())
            .header("Call-ID", "forked@sepapi.test")
            .header("CSeq", "1 SUBSCRIBE")
            .header("Event", "reg")
            .header("Expires", "600")
            .header("Contact", NameAddr.of(subscriber.contactUri()).toString())
            .build(),
        subscribed);
    ServerTransaction subscribe = atNotifier.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(subscribe, "no SUBSCRIBE");
    SipRequest request = subscribe.request();

    // two forks notify before the SUBSCRIBE has its answer (RFC 6665 section 4.1.2.4)
    List<Outcome> notified = new ArrayList<>();
    for (String fork : List.of("fork-a", "fork-b")) {
      Outcome outcome = new Outcome();
      notified.add(outcome);
      notifier.send(
          SipRequest.builder("NOTIFY", subscriber.contactUri())
              .header("Max-Forwards", "70")
              .header("From", request.to().withTag(fork).toString())
              .header("To", request.header("From").orElseThrow())
              .header("Call-ID", request.callId())
              .header("CSeq", "1 NOTIFY")
              .header("Event", "reg")
              .header("Subscription-State", "active;expires=600")
              .header("Contact", NameAddr.of(notifier.contactUri()).toString())
              .build(),
          outcome);
    }
    java.util.Set<String> forks = new java.util.HashSet<>();
    for (int i = 0; i < 2; i++) {
      ServerTransaction notify = atSubscriber.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(notify, "a NOTIFY did not reach the handler");
      assertEquals("NOTIFY", notify.request().method());
      forks.add(notify.request().from().tag().orElseThrow());
      notify.respond(SipResponse.to(notify.request(), 200).build());
    }
    assertEquals(java.util.Set.of("fork-a", "fork-b"), forks);
    for (Outcome outcome : notified) {
      assertEquals(200, outcome.await());
    }
    subscribe.respond(
        SipResponse.to(request, 200).toTag("fork-a").header("Expires", "600").build());
    assertEquals(200, subscribed.await());
  }

  @Test
  void theContactNamesHostPortAndTransport() {
    JainSipTransport udp = open(loopback());
    JainSipTransport tcp = open(loopback().protocol(JainSipTransport.Protocol.TCP));
    assertEquals(SipUri.parse("sip:127.0.0.1:" + udp.port() + ";transport=udp"), udp.contactUri());
    assertEquals(SipUri.parse("sip:127.0.0.1:" + tcp.port() + ";transport=tcp"), tcp.contactUri());
    assertTrue(udp.port() > 0 && tcp.port() > 0);
  }

  @Test
  void theBuilderRefusesBadOptions() {
    JainSipTransport.Builder builder = JainSipTransport.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.bind("127.0.0.1", -1));
    assertThrows(IllegalArgumentException.class, () -> builder.bind(" ", 5060));
    assertThrows(IllegalArgumentException.class, () -> builder.outboundProxy("proxy", 0));
    assertThrows(IllegalArgumentException.class, () -> builder.threadPoolSize(0));
    assertThrows(IllegalArgumentException.class, () -> builder.stackName("a b"));
    assertThrows(IllegalArgumentException.class, () -> builder.retransmitTimer(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> builder.protocol(null));
  }

  @Test
  void aTakenPortIsASepExceptionAndLeavesNoThread() throws Exception {
    JainSipTransport first = open(loopback());
    java.util.Set<Thread> before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
    assertThrows(
        org.sepapi.core.SepException.class,
        () -> JainSipTransport.builder().bind("127.0.0.1", first.port()).build());
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(thread) && thread.getName().equals("EventScannerThread")) {
        thread.join(WAIT.toMillis());
        assertTrue(!thread.isAlive(), "the failed stack's event scanner still runs");
      }
    }
  }

  @Test
  void startingTwiceOrAfterCloseIsRefused() {
    JainSipTransport transport = open(loopback());
    transport.start(t -> {});
    assertThrows(IllegalStateException.class, () -> transport.start(t -> {}));
    transport.close();
    assertThrows(IllegalStateException.class, () -> transport.start(t -> {}));
  }

  @Test
  void theViaAsksForRportAndTheResponseToTheSourcePortArrives() throws Exception {
    JainSipTransport client = open(loopback());
    client.start(t -> {});
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      peer.setSoTimeout((int) WAIT.toMillis());
      Outcome outcome = new Outcome();
      client.send(
          options(client, SipUri.parse("sip:peer@127.0.0.1:" + peer.getLocalPort())).build(),
          outcome);
      DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
      peer.receive(packet);
      String request = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      Via via = Via.parse(headerLine(request, "Via"));
      assertEquals("", via.parameters().get("rport"), () -> "no rport flag: " + via);
      assertEquals(client.port(), via.port().orElse(0));
      // sent from the listening port, where the response to rport comes back
      assertEquals(client.port(), packet.getPort());
      byte[] response = okFor(request).getBytes(StandardCharsets.UTF_8);
      peer.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
      assertEquals(200, outcome.await());
    }
  }

  /**
   * RFC 3261 section 13.2.2.4: a phone that did not get the ACK of its 2xx retransmits the 2xx, and
   * gets the same ACK again; the engine above hears of the 2xx once.
   */
  @Test
  void aRetransmitted2xxToAnInviteIsAckedAgain() throws Exception {
    JainSipTransport client = open(loopback());
    client.start(t -> {});
    try (DatagramSocket phone = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      phone.setSoTimeout((int) WAIT.toMillis());
      SipUri target = SipUri.parse("sip:phone@127.0.0.1:" + phone.getLocalPort());
      Outcome outcome = new Outcome();
      client.send(
          SipRequest.builder("INVITE", target)
              .header("Max-Forwards", "70")
              .header("From", NameAddr.of(client.contactUri()).withTag("t").toString())
              .header("To", NameAddr.of(target).toString())
              .header("Call-ID", "reack-" + System.nanoTime() + "@sepapi.test")
              .header("CSeq", "7 INVITE")
              .header("Contact", NameAddr.of(client.contactUri()).toString())
              .build(),
          outcome);
      DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
      phone.receive(packet);
      String invite = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      byte[] ok =
          okFor(invite)
              .replace("Content-Length: 0", "Contact: <" + target + ">\r\nContent-Length: 0")
              .getBytes(StandardCharsets.UTF_8);
      phone.send(new DatagramPacket(ok, ok.length, packet.getSocketAddress()));
      assertEquals(200, outcome.await());

      SipRequest ack =
          SipRequest.builder("ACK", target)
              .header("Max-Forwards", "70")
              .header("From", headerLine(invite, "From"))
              .header("To", headerLine(invite, "To") + ";tag=raw")
              .header("Call-ID", headerLine(invite, "Call-ID"))
              .header("CSeq", "7 ACK")
              .build();
      client.send(ack, outcome);
      assertEquals("ACK", receiveMethodPastInvites(phone));

      phone.send(new DatagramPacket(ok, ok.length, packet.getSocketAddress())); // lost ACK
      assertEquals("ACK", receiveMethodPastInvites(phone));
      assertEquals(null, outcome.events.poll(300, TimeUnit.MILLISECONDS), "the 2xx is told once");
    }
  }

  /**
   * RFC 6665 section 4.1.2.4: a NOTIFY may come before the 200 of its SUBSCRIBE. The stack matches
   * such a NOTIFY to no SUBSCRIBE transaction of its own (see TransactionStack), and hands it over
   * as any NOTIFY; the SUBSCRIBE's 200 still completes its transaction.
   */
  @Test
  void aNotifyWhileItsSubscribeIsUnansweredReachesTheHandler() throws Exception {
    JainSipTransport subscriber = open(loopback());
    BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
    subscriber.start(received::add);
    try (DatagramSocket notifier = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      notifier.setSoTimeout((int) WAIT.toMillis());
      SipUri target = SipUri.parse("sip:alice@127.0.0.1:" + notifier.getLocalPort());
      Outcome outcome = new Outcome();
      String callId = "early-" + System.nanoTime() + "@sepapi.test";
      subscriber.send(
          SipRequest.builder("SUBSCRIBE", target)
              .header("Max-Forwards", "70")
              .header("From", NameAddr.of(subscriber.contactUri()).withTag("sub1").toString())
              .header("To", NameAddr.of(target).toString())
              .header("Call-ID", callId)
              .header("CSeq", "1 SUBSCRIBE")
              .header("Event", "reg")
              .header("Expires", "600")
              .header("Contact", NameAddr.of(subscriber.contactUri()).toString())
              .build(),
          outcome);
      DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
      notifier.receive(packet);
      String subscribe =
          new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      String notify =
          "NOTIFY "
              + subscriber.contactUri()
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/UDP 127.0.0.1:"
              + notifier.getLocalPort()
              + ";branch=z9hG4bKearly\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <"
              + target
              + ">;tag=n1\r\n"
              + "To: "
              + headerLine(subscribe, "From")
              + "\r\n"
              + "Call-ID: "
              + callId
              + "\r\n"
              + "CSeq: 1 NOTIFY\r\n"
              + "Event: reg\r\n"
              + "Subscription-State: active;expires=600\r\n"
              + "Contact: <"
              + target
              + ">\r\n"
              + "Content-Length: 0\r\n\r\n";
      byte[] bytes = notify.getBytes(StandardCharsets.UTF_8);
      notifier.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
      ServerTransaction early = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(early, "the NOTIFY before the 200 did not reach the handler");
      assertEquals(callId, early.request().callId());
      early.respond(SipResponse.to(early.request(), 200).build());
      assertEquals("SIP/2.0 200 OK", receiveStatusLine(notifier));

      byte[] ok =
          okFor(subscribe)
              .replace("Content-Length: 0", "Expires: 600\r\nContent-Length: 0")
              .getBytes(StandardCharsets.UTF_8);
      notifier.send(new DatagramPacket(ok, ok.length, packet.getSocketAddress()));
      assertEquals(200, outcome.await());
    }
  }

  private static String receiveStatusLine(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
    socket.receive(packet);
    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf("\r\n"));
  }

  /**
   * The method of the next request at {@code socket} that is not an INVITE: the client retransmits
   * its INVITE over UDP every T1 (500 ms) until the 200 reaches it, so when the phone's 200 is slow
   * to get there, copies of the INVITE wait in the socket ahead of the ACK.
   */
  private static String receiveMethodPastInvites(DatagramSocket socket) throws Exception {
    while (true) {
      DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
      socket.receive(packet);
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      String method = text.substring(0, text.indexOf(' '));
      if (!method.equals("INVITE")) {
        return method;
      }
    }
  }

  /**
   * RFC 3581 as the stack applies it to requests it receives over UDP: with rport in the top Via,
   * the stack fills in received and rport, and the response goes to the request's source port,
   * whatever port the Via advertises; without rport it goes to the advertised port.
   */
  @Test
  void aRequestWithRportIsAnsweredToItsSourcePortOneWithoutToItsViaPort() throws Exception {
    JainSipTransport server = open(loopback());
    BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
    server.start(received::add);
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (DatagramSocket source = new DatagramSocket(0, loopback);
        DatagramSocket advertised = new DatagramSocket(0, loopback)) {
      source.setSoTimeout((int) WAIT.toMillis());
      advertised.setSoTimeout((int) WAIT.toMillis());
      for (boolean rport : new boolean[] {true, false}) {
        String branch = "z9hG4bK-rport-" + rport;
        String request =
            "OPTIONS sip:server@127.0.0.1:"
                + server.port()
                + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:"
                + advertised.getLocalPort()
                + ";branch="
                + branch
                + (rport ? ";rport" : "")
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1>;tag=raw\r\n"
                + "To: <sip:server@127.0.0.1>\r\n"
                + "Call-ID: "
                + branch
                + "@sepapi.test\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        source.send(
            new DatagramPacket(
                bytes, bytes.length, new InetSocketAddress(loopback, server.port())));
        ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(transaction, "the request did not arrive");
        Via via = transaction.request().vias().get(0);
        if (rport) {
          assertEquals(String.valueOf(source.getLocalPort()), via.parameters().get("rport"));
          assertEquals("127.0.0.1", via.parameters().get("received"));
        } else {
          assertTrue(!via.parameters().containsKey("rport"), via::toString);
        }
        transaction.respond(SipResponse.to(transaction.request(), 200).toTag("s").build());
        DatagramPacket answer = new DatagramPacket(new byte[65535], 65535);
        (rport ? source : advertised).receive(answer);
        String response =
            new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
        assertTrue(response.startsWith("SIP/2.0 200"), response);
        assertTrue(response.contains(branch), response);
      }
    }
  }

  /** The first line of {@code message} with header {@code name}, without the name. */
  private static String headerLine(String message, String name) {
    for (String line : message.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    throw new AssertionError("no " + name + " in " + message);
  }

  /** A 200 to {@code request}: its Via, From, To with a tag, Call-ID and CSeq. */
  private static String okFor(String request) {
    return "SIP/2.0 200 OK\r\n"
        + "Via: "
        + headerLine(request, "Via")
        + "\r\n"
        + "From: "
        + headerLine(request, "From")
        + "\r\n"
        + "To: "
        + headerLine(request, "To")
        + ";tag=raw\r\n"
        + "Call-ID: "
        + headerLine(request, "Call-ID")
        + "\r\n"
        + "CSeq: "
        + headerLine(request, "CSeq")
        + "\r\n"
        + "Content-Length: 0\r\n\r\n";
  }
}
