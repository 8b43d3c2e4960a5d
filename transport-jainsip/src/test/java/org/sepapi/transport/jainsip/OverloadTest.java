package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.SipTransport.ServerTransaction;

/**
 * Load shedding: past its bounds the transport drops what it receives, as if the network had lost
 * it, so that the sender retransmits, and takes it again once the load is gone. A raw UDP socket on
 * loopback plays the sender; the waits are for the stack's threads to take what was sent, bounded.
 */
class OverloadTest {
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

  private static String options(int n, int port) {
    return "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:"
        + port
        + ";branch=z9hG4bKshed"
        + n
        + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:load@127.0.0.1>;tag=f"
        + n
        + "\r\n"
        + "To: <sip:gw@127.0.0.1>\r\n"
        + "Call-ID: shed-"
        + n
        + "@sepapi.test\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";
  }

  private static void send(DatagramSocket socket, String text, int port) throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), port));
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(5);
    }
  }

  private static String receive(DatagramSocket socket) throws Exception {
    DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
    socket.receive(packet);
    return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void requestsBeyondTheUnansweredLimitAreDroppedUntilTheEngineAnswers() throws Exception {
    JainSipTransport server =
        open(JainSipTransport.builder().bind("127.0.0.1", 0).maxUnansweredRequests(3));
    BlockingQueue<ServerTransaction> taken = new LinkedBlockingQueue<>();
    server.start(taken::add); // an engine that has fallen behind: it answers nothing yet
    try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      sender.setSoTimeout((int) WAIT.toMillis());
      int port = sender.getLocalPort();
      for (int n = 0; n < 10; n++) {
        send(sender, options(n, port), server.port());
      }
      await(() -> server.shedMessages() == 7, "7 of 10 requests shed: " + server.shedMessages());
      assertEquals(3, taken.size(), "the engine took as many as it may leave unanswered");

      List<ServerTransaction> first = new ArrayList<>();
      taken.drainTo(first);
      for (ServerTransaction each : first) {
        each.respond(SipResponse.to(each.request(), 200).build());
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(receive(sender).startsWith("SIP/2.0 200 OK"));
      }

      // a shed request's retransmission is taken now
      send(sender, options(9, port), server.port());
      ServerTransaction again = taken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(again, "the retransmission was not taken");
      assertEquals("shed-9@sepapi.test", again.request().callId());
      assertEquals(7, server.shedMessages());
    }
  }

  @Test
  void aFullQueueShedsRequestsFirstAndKeepsTakingResponses() throws Exception {
    JainSipTransport server = open(JainSipTransport.builder().bind("127.0.0.1", 0).udpQueue(8));
    BlockingQueue<ServerTransaction> taken = new LinkedBlockingQueue<>();
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    server.start(
        transaction -> {
          taken.add(transaction);
          try {
            gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS); // holds the stack's thread
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      sender.setSoTimeout(200);
      int port = sender.getLocalPort();
      send(sender, options(0, port), server.port());
      assertNotNull(taken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the first request");
      // the stack's thread is held: 6 requests fill the queue to its request limit (3/4 of 8)
      for (int n = 1; n <= 6; n++) {
        send(sender, options(n, port), server.port());
      }
      send(sender, options(7, port), server.port());
      await(() -> server.shedMessages() == 1, "the 7th queued request was not shed");
      // a response still finds room (a stray one: no transaction of the server's waits for it)
      send(
          sender,
          "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:"
              + server.port()
              + ";branch=z9hG4bKnone\r\nFrom: <sip:gw@127.0.0.1>;tag=a\r\n"
              + "To: <sip:x@127.0.0.1>;tag=b\r\nCall-ID: stray@sepapi.test\r\n"
              + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
          server.port());
      send(sender, options(8, port), server.port());
      await(() -> server.shedMessages() == 2, "the 8th request was not shed");
      gate.countDown();
      for (int n = 1; n <= 6; n++) {
        ServerTransaction next = taken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(next, "queued request " + n);
        assertEquals("shed-" + n + "@sepapi.test", next.request().callId());
      }
      ServerTransaction none = taken.poll(300, TimeUnit.MILLISECONDS);
      assertEquals(null, none, "a shed request reached the engine");
      assertEquals(2, server.shedMessages());
    } catch (SocketTimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
