package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
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

/**
 * TLS beyond the contract: whose certificates are accepted, the options, the builder's checks. Real
 * TLS on loopback with key material made by {@link TestTls}. A refused handshake must fail the send
 * quickly, long before Timer F (32 s with the default T1), which is why {@link #WAIT} is shorter.
 */
class TlsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(500);
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable each : opened) {
      each.close();
    }
  }

  /** A started TLS transport on loopback with {@code context}; requests go to {@code inbox}. */
  private JainSipTransport open(
      SSLContext context,
      BlockingQueue<ServerTransaction> inbox,
      java.util.function.UnaryOperator<JainSipTransport.Builder> more) {
    JainSipTransport transport =
        more.apply(
                JainSipTransport.builder()
                    .bind("127.0.0.1", 0)
                    .protocol(JainSipTransport.Protocol.TLS)
                    .tls(context))
            .build();
    opened.add(transport);
    transport.start(inbox == null ? t -> {} : inbox::add);
    return transport;
  }

  private JainSipTransport open(SSLContext context, BlockingQueue<ServerTransaction> inbox) {
    return open(context, inbox, b -> b);
  }

  private static SipRequest options(SipTransport from, SipUri target) {
    return SipRequest.builder("OPTIONS", target)
        .header("Max-Forwards", "70")
        .header("From", NameAddr.of(from.contactUri()).withTag("t").toString())
        .header("To", NameAddr.of(target).toString())
        .header("Call-ID", "tls-" + System.nanoTime() + "@sepapi.test")
        .header("CSeq", "1 OPTIONS")
        .build();
  }

  /** The final status or the failure of one transaction. */
  private static final class Outcome implements SipTransport.ResponseListener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onFinal(SipResponse response) {
      events.add(response.status());
    }

    @Override
    public void onFailure(TransportException failure) {
      events.add(failure);
    }

    Object await() throws InterruptedException {
      Object event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(event, "no outcome within " + WAIT);
      return event;
    }

    /** Asserts that the transaction failed as UNREACHABLE because of TLS. */
    void awaitRefusedHandshake() throws InterruptedException {
      Object event = await();
      if (!(event instanceof TransportException failure)) {
        throw new AssertionError("expected a failure, got " + event);
      }
      assertEquals(TransportException.Kind.UNREACHABLE, failure.kind(), failure::toString);
      boolean tls = false;
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        tls |= cause instanceof SSLException;
      }
      assertTrue(tls, () -> "not a TLS failure: " + failure);
    }
  }

  /** Answers the next request at {@code inbox} with a 200. */
  private static ServerTransaction answer(BlockingQueue<ServerTransaction> inbox)
      throws InterruptedException {
    ServerTransaction transaction = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(transaction, "no request arrived");
    transaction.respond(SipResponse.to(transaction.request(), 200).toTag("s").build());
    return transaction;
  }

  private static void assertQuiet(BlockingQueue<ServerTransaction> inbox)
      throws InterruptedException {
    ServerTransaction transaction = inbox.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
    assertNull(transaction, () -> "a request got through: " + transaction.request());
  }

  @Test
  void aServerWhoseCertificateIsNotTrustedIsUnreachableAndHearsNothing() throws Exception {
    BlockingQueue<ServerTransaction> atServer = new LinkedBlockingQueue<>();
    JainSipTransport server = open(TestTls.localhost(), atServer);
    // trusts only the stranger, so not the server's certificate
    JainSipTransport client = open(TestTls.context(TestTls.LOCALHOST, TestTls.STRANGER), null);
    Outcome outcome = new Outcome();
    client.send(options(client, server.contactUri()), outcome);
    outcome.awaitRefusedHandshake();
    assertQuiet(atServer);
  }

  @Test
  void theCertificateMustNameTheHostUnlessNamesAreNotChecked() throws Exception {
    BlockingQueue<ServerTransaction> atLocal = new LinkedBlockingQueue<>();
    BlockingQueue<ServerTransaction> atStranger = new LinkedBlockingQueue<>();
    JainSipTransport local = open(TestTls.localhost(), atLocal);
    // a trusted certificate, but for stranger.invalid, not for 127.0.0.1
    JainSipTransport stranger =
        open(TestTls.context(TestTls.STRANGER, TestTls.LOCALHOST), atStranger);
    SSLContext trustsBoth = TestTls.context(TestTls.LOCALHOST, TestTls.LOCALHOST, TestTls.STRANGER);
    JainSipTransport checking = open(trustsBoth, null);
    JainSipTransport lenient = open(trustsBoth, null, b -> b.tlsVerifyHostname(false));

    Outcome refused = new Outcome();
    checking.send(options(checking, stranger.contactUri()), refused);
    refused.awaitRefusedHandshake();
    assertQuiet(atStranger);

    Outcome accepted = new Outcome();
    lenient.send(options(lenient, stranger.contactUri()), accepted);
    answer(atStranger);
    assertEquals(200, accepted.await());

    // by name: the certificate names localhost; the request goes over TLS with this Via and rport
    Outcome byName = new Outcome();
    SipUri named = SipUri.parse("sip:bob@localhost:" + local.port() + ";transport=tls");
    checking.send(options(checking, named), byName);
    SipRequest received = answer(atLocal).request();
    assertEquals(200, byName.await());
    Via via = received.vias().get(0);
    assertEquals("TLS", via.transport());
    assertEquals(checking.port(), via.port().orElse(0));
    assertTrue(via.parameters().containsKey("rport"), via::toString);
  }

  @Test
  void aServerThatRequiresClientCertificatesRefusesAClientWithout() throws Exception {
    BlockingQueue<ServerTransaction> atServer = new LinkedBlockingQueue<>();
    JainSipTransport server =
        open(TestTls.localhost(), atServer, b -> b.tlsRequireClientCertificate(true));
    JainSipTransport withCertificate = open(TestTls.localhost(), null);
    JainSipTransport without = open(TestTls.context(null, TestTls.LOCALHOST), null);

    Outcome accepted = new Outcome();
    withCertificate.send(options(withCertificate, server.contactUri()), accepted);
    answer(atServer);
    assertEquals(200, accepted.await());

    Outcome refused = new Outcome();
    without.send(options(without, server.contactUri()), refused);
    refused.awaitRefusedHandshake(); // under TLS 1.3 the client learns it only by reading
    assertQuiet(atServer);
  }

  @Test
  void theProtocolOptionsApplyToBothSides() throws Exception {
    BlockingQueue<ServerTransaction> atServer = new LinkedBlockingQueue<>();
    JainSipTransport server = open(TestTls.localhost(), atServer, b -> b.tlsProtocols("TLSv1.3"));
    JainSipTransport old = open(TestTls.localhost(), null, b -> b.tlsProtocols("TLSv1.2"));
    JainSipTransport current =
        open(
            TestTls.localhost(),
            null,
            b -> b.tlsProtocols("TLSv1.3", "TLSv1.2").tlsCipherSuites("TLS_AES_256_GCM_SHA384"));

    Outcome refused = new Outcome();
    old.send(options(old, server.contactUri()), refused);
    refused.awaitRefusedHandshake();
    assertQuiet(atServer);

    Outcome accepted = new Outcome();
    current.send(options(current, server.contactUri()), accepted);
    answer(atServer);
    assertEquals(200, accepted.await());
  }

  @Test
  void aPeerThatNeverAnswersTheHandshakeIsUnreachableAfterTheHandshakeTimeout() throws Exception {
    JainSipTransport client =
        open(TestTls.localhost(), null, b -> b.tlsHandshakeTimeout(Duration.ofMillis(300)));
    // the kernel completes the TCP connection; nobody reads the ClientHello
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Outcome outcome = new Outcome();
      client.send(
          options(client, SipUri.parse("sip:silent@127.0.0.1:" + silent.getLocalPort())), outcome);
      outcome.awaitRefusedHandshake(); // within WAIT, so not Timer F (32 s)
    }
  }

  @Test
  void theContactSaysTls() {
    JainSipTransport transport = open(TestTls.localhost(), null);
    assertEquals(Optional.of("tls"), transport.contactUri().parameter("transport"));
    assertEquals(
        SipUri.parse("sip:127.0.0.1:" + transport.port() + ";transport=tls"),
        transport.contactUri());
    assertEquals(JainSipTransport.Protocol.TLS, transport.protocol());
  }

  @Test
  void theBuilderRefusesIncompleteOrUnsupportedTlsSettings() throws Exception {
    SSLContext context = TestTls.localhost();
    assertThrows(
        IllegalStateException.class,
        () -> JainSipTransport.builder().protocol(JainSipTransport.Protocol.TLS).build());
    assertThrows(
        IllegalStateException.class,
        () -> JainSipTransport.builder().bind("127.0.0.1", 0).tls(context).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            JainSipTransport.builder()
                .protocol(JainSipTransport.Protocol.TCP)
                .tlsRequireClientCertificate(true)
                .build());
    JainSipTransport.Builder tls =
        JainSipTransport.builder().protocol(JainSipTransport.Protocol.TLS).tls(context);
    assertThrows(IllegalArgumentException.class, () -> tls.tlsProtocols());
    assertThrows(IllegalArgumentException.class, () -> tls.tlsProtocols("TLSv1.3", " "));
    assertThrows(IllegalArgumentException.class, () -> tls.tlsCipherSuites());
    assertThrows(NullPointerException.class, () -> tls.tls(null));
    assertThrows(IllegalArgumentException.class, () -> tls.tlsHandshakeTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JainSipTransport.builder()
                .protocol(JainSipTransport.Protocol.TLS)
                .tls(context)
                .tlsProtocols("TLSv9")
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JainSipTransport.builder()
                .protocol(JainSipTransport.Protocol.TLS)
                .tls(context)
                .tlsCipherSuites("TLS_NO_SUCH_SUITE")
                .build());
    SSLContext uninitialized = SSLContext.getInstance("TLS");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JainSipTransport.builder()
                .protocol(JainSipTransport.Protocol.TLS)
                .tls(uninitialized)
                .build());
  }
}
