package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * A peer that never completes a TCP connection (a black hole, made on loopback by a listening
 * socket whose accept queue is full: Linux then drops the SYNs it gets) must not hold up {@code
 * send}, nor requests to other peers, and fails its requests with UNREACHABLE after the connect
 * timeout, long before Timer F.
 */
class ConnectTimeoutTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * What {@code send} may take at most: at most half the connect timeouts (4 s, 8 s) by which the
   * tests tell a send that waits for the connection from one that does not. On a loaded machine a
   * send that does not wait has been seen to take 300 ms.
   */
  private static final Duration RETURNS_AT_ONCE = Duration.ofSeconds(2);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable each : opened) {
      each.close();
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private JainSipTransport started(
      JainSipTransport.Protocol protocol, UnaryOperator<JainSipTransport.Builder> options) {
    JainSipTransport.Builder builder =
        JainSipTransport.builder().bind("127.0.0.1", 0).protocol(protocol);
    if (protocol == JainSipTransport.Protocol.TLS) {
      builder.tls(TestTls.localhost());
    }
    JainSipTransport transport = opened(options.apply(builder).build());
    transport.start(t -> {});
    return transport;
  }

  /**
   * A listening socket on 127.0.0.1 with a backlog of 1 whose accept queue is filled with
   * connections it never accepts: the kernel then drops further SYNs, and a connect to it hangs
   * until its timeout. The constructor checks that it does.
   */
  private static final class BlackHole implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> queued = new ArrayList<>();

    BlackHole() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
      InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), port());
      for (int i = 0; i < 16; i++) {
        Socket socket = new Socket();
        try {
          // a connection the kernel queues is made at once on loopback
          socket.connect(address, 500);
          queued.add(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          return; // the queue is full: this SYN was dropped
        }
      }
      close();
      throw new AssertionError("connections to a full accept queue do not hang here");
    }

    int port() {
      return server.getLocalPort();
    }

    SipUri uri(JainSipTransport.Protocol protocol) {
      return SipUri.parse(
          "sip:hole@127.0.0.1:" + port() + ";transport=" + protocol.name().toLowerCase());
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : queued) {
        socket.close();
      }
      server.close();
    }
  }

  private static SipRequest options(SipTransport from, SipUri target, int cseq) {
    return SipRequest.builder("OPTIONS", target)
        .header("Max-Forwards", "70")
        .header("From", NameAddr.of(from.contactUri()).withTag("t").toString())
        .header("To", NameAddr.of(target).toString())
        .header("Call-ID", "ct-" + System.nanoTime() + "@sepapi.test")
        .header("CSeq", cseq + " OPTIONS")
        .build();
  }

  /** The final status or failure of one transaction, with the time it arrived. */
  private static final class Outcome implements SipTransport.ResponseListener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    volatile long arrivedNanos;
    volatile Thread thread;

    @Override
    public void onFinal(SipResponse response) {
      arrived();
      events.add(response.status());
    }

    @Override
    public void onFailure(TransportException failure) {
      arrived();
      events.add(failure);
    }

    private void arrived() {
      arrivedNanos = System.nanoTime();
      thread = Thread.currentThread();
    }

    Object await() throws InterruptedException {
      Object event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(event, "no outcome within " + WAIT);
      return event;
    }

    TransportException awaitFailure() throws InterruptedException {
      Object event = await();
      assertTrue(event instanceof TransportException, () -> "not a failure: " + event);
      return (TransportException) event;
    }
  }

  /** Sends and returns how long {@code send} took. */
  private static Duration timedSend(SipTransport from, SipRequest request, Outcome outcome) {
    long start = System.nanoTime();
    from.send(request, outcome);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void sendReturnsAtOnceAndTheBlackHoleIsUnreachableAfterTheConnectTimeout() throws Exception {
    for (JainSipTransport.Protocol protocol :
        List.of(JainSipTransport.Protocol.TCP, JainSipTransport.Protocol.TLS)) {
      Duration timeout = Duration.ofMillis(300);
      JainSipTransport client = started(protocol, b -> b.connectTimeout(timeout));
      try (BlackHole hole = new BlackHole()) {
        Outcome outcome = new Outcome();
        long start = System.nanoTime();
        Duration took = timedSend(client, options(client, hole.uri(protocol), 1), outcome);
        assertTrue(took.compareTo(RETURNS_AT_ONCE) < 0, protocol + ": send took " + took);
        TransportException failure = outcome.awaitFailure();
        Duration failedAfter = Duration.ofNanos(outcome.arrivedNanos - start);
        assertEquals(TransportException.Kind.UNREACHABLE, failure.kind(), failure::toString);
        assertTrue(
            failedAfter.compareTo(timeout) >= 0,
            protocol + ": failed before the connect timeout: " + failedAfter);
        // Timer F is 32 s here; the operating system would have tried for about two minutes
        assertTrue(
            failedAfter.compareTo(Duration.ofSeconds(5)) < 0,
            protocol + ": failed only after " + failedAfter);
        assertTrue(
            outcome.thread.getName().startsWith("sepapi-"),
            () -> "told on " + outcome.thread.getName());
      }
    }
  }

  @Test
  void aRequestToAHealthyPeerIsNotHeldUpByTheBlackHole() throws Exception {
    // the connect to the black hole outlasts the whole exchange with the healthy peer
    JainSipTransport client =
        started(JainSipTransport.Protocol.TCP, b -> b.connectTimeout(Duration.ofSeconds(8)));
    JainSipTransport healthy =
        opened(
            JainSipTransport.builder()
                .bind("127.0.0.1", 0)
                .protocol(JainSipTransport.Protocol.TCP)
                .build());
    healthy.start(t -> t.respond(SipResponse.to(t.request(), 200).toTag("h").build()));
    try (BlackHole hole = new BlackHole()) {
      Outcome stuck = new Outcome();
      long start = System.nanoTime();
      Duration took =
          timedSend(client, options(client, hole.uri(JainSipTransport.Protocol.TCP), 1), stuck);
      assertTrue(took.compareTo(RETURNS_AT_ONCE) < 0, "send took " + took);
      Outcome answered = new Outcome();
      took = timedSend(client, options(client, healthy.contactUri(), 1), answered);
      assertTrue(took.compareTo(RETURNS_AT_ONCE) < 0, "send took " + took);
      assertEquals(200, answered.await());
      assertNull(stuck.events.peek(), "the black hole's request ended first: " + stuck.events);
      assertEquals(TransportException.Kind.UNREACHABLE, stuck.awaitFailure().kind());
      Duration failedAfter = Duration.ofNanos(stuck.arrivedNanos - start);
      assertTrue(failedAfter.compareTo(Duration.ofSeconds(8)) >= 0, "failed after " + failedAfter);
    }
  }

  /**
   * Requests queued behind a connection attempt share its failure: each would wait out the connect
   * timeout again in turn.
   */
  @Test
  void requestsQueuedBehindAFailedConnectionFailWithIt() throws Exception {
    Duration timeout = Duration.ofSeconds(4);
    JainSipTransport client =
        started(JainSipTransport.Protocol.TCP, b -> b.connectTimeout(timeout).sendThreads(1));
    try (BlackHole hole = new BlackHole()) {
      List<Outcome> outcomes = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 1; i <= 5; i++) {
        Outcome outcome = new Outcome();
        outcomes.add(outcome);
        Duration took =
            timedSend(client, options(client, hole.uri(JainSipTransport.Protocol.TCP), i), outcome);
        assertTrue(took.compareTo(RETURNS_AT_ONCE) < 0, "send took " + took);
      }
      List<TransportException> failures = new ArrayList<>();
      for (Outcome outcome : outcomes) {
        TransportException failure = outcome.awaitFailure();
        assertEquals(TransportException.Kind.UNREACHABLE, failure.kind(), failure::toString);
        failures.add(failure);
      }
      // the first tried to connect; the others were told its outcome
      assertTrue(!failures.get(0).getMessage().contains("before it"), failures.get(0)::toString);
      for (TransportException behind : failures.subList(1, 5)) {
        assertTrue(
            behind.getMessage().contains("unreachable for the request before it"),
            behind::toString);
      }
      // one connect timeout, not five
      long last = outcomes.stream().mapToLong(o -> o.arrivedNanos).max().orElseThrow();
      Duration all = Duration.ofNanos(last - start);
      assertTrue(all.compareTo(timeout.multipliedBy(2)) < 0, "all failed after " + all);
    }
  }

  @Test
  void closeWhileConnectingFailsTheRequestAndLeavesNoThread() throws Exception {
    JainSipTransport client =
        JainSipTransport.builder()
            .bind("127.0.0.1", 0)
            .protocol(JainSipTransport.Protocol.TCP)
            .stackName("ct-close")
            .connectTimeout(Duration.ofMinutes(1))
            .build();
    client.start(t -> {});
    try (BlackHole hole = new BlackHole()) {
      Outcome connecting = new Outcome();
      Outcome queued = new Outcome();
      client.send(options(client, hole.uri(JainSipTransport.Protocol.TCP), 1), connecting);
      client.send(options(client, hole.uri(JainSipTransport.Protocol.TCP), 2), queued);
      awaitConnecting("ct-close-");
      long start = System.nanoTime();
      client.close();
      Duration closing = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(TransportException.Kind.CLOSED, connecting.awaitFailure().kind());
      assertEquals(TransportException.Kind.CLOSED, queued.awaitFailure().kind());
      assertTrue(closing.compareTo(Duration.ofSeconds(5)) < 0, "close took " + closing);
      List<String> left = new ArrayList<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().startsWith("ct-close-")
            || thread.getThreadGroup() != null
                && thread.getThreadGroup().getName().startsWith("ct-close-")) {
          thread.join(WAIT.toMillis());
          if (thread.isAlive()) {
            left.add(thread.getName());
          }
        }
      }
      assertEquals(List.of(), left, "threads left behind");
    }
  }

  /** Waits until a send thread of the stack named {@code prefix} is inside a connect. */
  private static void awaitConnecting(String prefix) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().startsWith(prefix) && thread.getName().contains("-send-")) {
          for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.net.Socket")
                && frame.getMethodName().equals("connect")) {
              return;
            }
          }
        }
      }
      Thread.yield();
    }
    throw new AssertionError("no send thread of " + prefix + " connecting within " + WAIT);
  }

  @Test
  void requestsToOneDestinationArriveInTheOrderSent() throws Exception {
    for (JainSipTransport.Protocol protocol :
        List.of(JainSipTransport.Protocol.UDP, JainSipTransport.Protocol.TCP)) {
      JainSipTransport client = started(protocol, b -> b);
      JainSipTransport server =
          opened(JainSipTransport.builder().bind("127.0.0.1", 0).protocol(protocol).build());
      BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
      server.start(received::add);
      int count = 40;
      List<Outcome> outcomes = new ArrayList<>();
      for (int cseq = 1; cseq <= count; cseq++) {
        Outcome outcome = new Outcome();
        outcomes.add(outcome);
        client.send(options(client, server.contactUri(), cseq), outcome);
      }
      for (int cseq = 1; cseq <= count; cseq++) {
        ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(transaction, protocol + ": request " + cseq + " did not arrive");
        assertEquals(
            cseq + " OPTIONS", transaction.request().header("CSeq").orElseThrow(), protocol::name);
        transaction.respond(SipResponse.to(transaction.request(), 200).toTag("s").build());
      }
      for (Outcome outcome : outcomes) {
        assertEquals(200, outcome.await());
      }
    }
  }

  @Test
  void theBuilderRefusesBadConnectTimeoutsAndThreadCounts() {
    JainSipTransport.Builder builder = JainSipTransport.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ofMinutes(6)));
    assertThrows(NullPointerException.class, () -> builder.connectTimeout(null));
    assertThrows(IllegalArgumentException.class, () -> builder.sendThreads(0));
    assertThrows(IllegalArgumentException.class, () -> builder.sendThreads(257));
    assertThrows(IllegalArgumentException.class, () -> builder.udpBufferBytes(1024));
    assertThrows(IllegalArgumentException.class, () -> builder.udpBufferBytes(128 << 20));
  }
}
