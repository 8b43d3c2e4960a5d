package org.sepapi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipMessage;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.Via;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * What every {@link SipTransport} does, as JUnit 5 tests: a transport module extends this class and
 * implements {@link #newTransport()}; the other hooks have defaults for a transport on a real
 * network with real time.
 *
 * <p>Each test opens two started transports, a client and a server, that reach each other at their
 * {@link SipTransport#contactUri()}, and closes them after. Every wait is bounded: {@link
 * #awaitIdle()} lets a simulated network deliver what is in flight, then the test waits at most
 * {@link #timeout()} for what it expects, and {@link #quietPeriod()} to be sure that something does
 * not happen. A transport on simulated time sets both to zero and never waits.
 *
 * <pre>{@code
 * class JainSipTransportContractTest extends SipTransportContractTest {
 *   @Override
 *   protected SipTransport newTransport() {
 *     return JainSipTransport.builder().bind("127.0.0.1", 0).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: JUnit makes one instance per test.
 */
public abstract class SipTransportContractTest {
  private final List<SipTransport> opened = new ArrayList<>();
  private final BlockingQueue<ServerTransaction> atClient = new LinkedBlockingQueue<>();
  private final BlockingQueue<ServerTransaction> atServer = new LinkedBlockingQueue<>();
  private final AtomicLong counter = new AtomicLong();
  private SipTransport client;
  private SipTransport server;

  /**
   * A new transport, not started, with its own contact URI; every transport this returns in one
   * test can reach the others. Called from this class's {@code @BeforeEach}, which runs before a
   * subclass's: set up what it needs in field initializers or a {@code @BeforeAll}.
   */
  protected abstract SipTransport newTransport();

  /**
   * Lets the messages in flight arrive and the transports act on them: a simulated network runs
   * until idle; a real one does nothing (the default), and the test then waits up to {@link
   * #timeout()}.
   */
  protected void awaitIdle() {}

  /** How long to wait for something that should happen. */
  protected Duration timeout() {
    return Duration.ofSeconds(5);
  }

  /** How long to wait to be sure that something does not happen. */
  protected Duration quietPeriod() {
    return Duration.ofMillis(500);
  }

  /**
   * A URI that the transport cannot reach, and says so quickly: the default's host cannot resolve
   * (RFC 6761 reserves {@code .invalid}).
   */
  protected SipUri unreachableUri() {
    return SipUri.parse("sip:nobody@unreachable.invalid");
  }

  /**
   * Whether the transport delivers a request larger than UDP's 65,507-byte limit (over TCP, say, as
   * RFC 3261 section 18.1.1 says), or else fails it with {@link
   * TransportException.Kind#SEND_FAILED}.
   */
  protected boolean deliversLargeRequests() {
    return true;
  }

  /**
   * Arranges for the next request that the client sends to arrive twice, as a retransmission (same
   * branch); false if the transport cannot simulate that, and the test is skipped.
   */
  protected boolean duplicateNextRequest() {
    return false;
  }

  /**
   * Moves the transports' time forward by {@code duration}, running their timers; false (the
   * default) if they run on real time, and the tests that need it are skipped.
   */
  protected boolean advanceTime(Duration duration) {
    return false;
  }

  @BeforeEach
  protected final void openTransports() {
    client = open();
    client.start(atClient::add);
    server = open();
    server.start(atServer::add);
  }

  @AfterEach
  protected final void closeTransports() {
    for (SipTransport transport : opened) {
      transport.close();
    }
  }

  private SipTransport open() {
    SipTransport transport = newTransport();
    opened.add(transport);
    return transport;
  }

  @Test
  public void aRequestAndItsResponseKeepEveryHeaderAndTheirBodies() {
    SipRequest request =
        request("MESSAGE", client, server.contactUri())
            .header("Accept", "application/pidf+xml")
            .header("Accept", "application/rlmi+xml, multipart/related")
            .header("Subject", "contract test; \"quoted\" text, and a comma")
            .header("X-Sepapi-Contract", "a;b=c;flag")
            .body(
                Body.of("text/plain;charset=UTF-8", "line one\r\n\u00e9t\u00e9 \u2603\r\n\r\nend"))
            .build();
    Recorder recorder = send(client, request);

    ServerTransaction transaction = awaitRequest(atServer);
    SipRequest received = transaction.request();
    assertEquals("MESSAGE", received.method());
    assertEquals(request.requestUri(), received.requestUri());
    assertKeepsHeaders(request, received);
    assertEquals(1, received.vias().size(), "the transport's Via and no other");
    assertArrayEquals(bytes(request), bytes(received));

    byte[] content = new byte[256];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    SipResponse response =
        SipResponse.to(received, 200)
            .toTag("contract-uas")
            .header("X-Sepapi-Contract", "answer;x=1")
            .body(Body.of("application/octet-stream", content))
            .build();
    transaction.respond(response);

    SipResponse back = awaitFinal(recorder);
    assertEquals(200, back.status());
    assertEquals("OK", back.reason());
    assertKeepsHeaders(response, back);
    assertEquals(branch(received), branch(back));
    assertArrayEquals(content, bytes(back));
  }

  @Test
  public void provisionalResponsesArriveInOrderBeforeTheFinalOne() {
    Recorder recorder = send(client, request("OPTIONS", client, server.contactUri()).build());
    ServerTransaction transaction = awaitRequest(atServer);
    SipRequest received = transaction.request();

    transaction.respond(SipResponse.to(received, 100).build());
    transaction.respond(SipResponse.to(received, 180).toTag("contract-uas").build());
    transaction.respond(SipResponse.to(received, 200).toTag("contract-uas").build());
    transaction.respond(SipResponse.to(received, 183).toTag("contract-uas").build());
    transaction.respond(SipResponse.to(received, 486).toTag("contract-uas").build());

    assertEquals(100, awaitProvisional(recorder).status());
    assertEquals(180, awaitProvisional(recorder).status());
    assertEquals(200, awaitFinal(recorder).status());
    assertNoMoreEvents(recorder);
  }

  @Test
  public void everyRequestGetsATopViaWithItsOwnBranch() {
    SipRequest request = request("OPTIONS", client, server.contactUri()).build();
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      recorders.add(send(client, request)); // the same request three times, as a retry resends it
    }
    Set<String> branches = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      ServerTransaction transaction = awaitRequest(atServer);
      SipRequest received = transaction.request();
      List<Via> vias = received.vias();
      assertEquals(1, vias.size(), "one Via, the transport's");
      String branch = branch(received);
      assertTrue(branch.startsWith("z9hG4bK"), "an RFC 3261 branch: " + branch);
      assertTrue(branches.add(branch), "a branch used twice: " + branch);
      transaction.respond(SipResponse.to(received, 200).toTag("contract-uas").build());
    }
    for (Recorder recorder : recorders) {
      assertEquals(200, awaitFinal(recorder).status());
    }
  }

  @Test
  public void contentLengthCountsTheBodysBytes() {
    String text = "\u00e9\u2603 snow";
    Recorder withBody =
        send(
            client,
            request("MESSAGE", client, server.contactUri())
                .body(Body.of("text/plain;charset=UTF-8", text))
                .setHeader("Content-Length", "999")
                .build());
    SipRequest received = awaitRequest(atServer).request();
    int length = text.getBytes(StandardCharsets.UTF_8).length;
    assertEquals(String.valueOf(length), contentLength(received));

    Recorder without = send(client, request("OPTIONS", client, server.contactUri()).build());
    ServerTransaction transaction = awaitRequest(atServer);
    assertEquals("0", contentLength(transaction.request()));
    transaction.respond(
        SipResponse.to(transaction.request(), 200)
            .toTag("contract-uas")
            .body(Body.of("text/plain;charset=UTF-8", text))
            .build());
    assertEquals(String.valueOf(length), contentLength(awaitFinal(without)));
    assertNoMoreEvents(withBody);
  }

  @Test
  public void concurrentRequestsAreMatchedToTheirOwnTransactions() throws Exception {
    int count = 24;
    Recorder[] recorders = new Recorder[count];
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> sends = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        sends.add(
            () -> {
              SipRequest request =
                  request("OPTIONS", client, server.contactUri())
                      .header("X-Contract-Index", String.valueOf(index))
                      .build();
              recorders[index] = send(client, request);
              return null;
            });
      }
      for (Future<Void> sent : threads.invokeAll(sends)) {
        sent.get();
      }
    } finally {
      threads.shutdown();
    }
    List<ServerTransaction> transactions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      transactions.add(awaitRequest(atServer));
    }
    for (int i = count - 1; i >= 0; i--) {
      ServerTransaction transaction = transactions.get(i);
      String index = transaction.request().header("X-Contract-Index").orElseThrow();
      int status = Integer.parseInt(index) % 2 == 0 ? 200 : 404;
      transaction.respond(
          SipResponse.to(transaction.request(), status)
              .toTag("contract-uas")
              .header("X-Contract-Index", index)
              .build());
    }
    for (int i = 0; i < count; i++) {
      SipResponse response = awaitFinal(recorders[i]);
      assertEquals(String.valueOf(i), response.header("X-Contract-Index").orElse(null));
      assertEquals(i % 2 == 0 ? 200 : 404, response.status());
    }
  }

  @Test
  public void anIncomingRequestReachesTheHandlerAndItsResponseTheSender() throws Exception {
    SipRequest notify =
        request("NOTIFY", server, client.contactUri())
            .header("Event", "dialog")
            .header("Subscription-State", "active;expires=600")
            .build();
    Recorder recorder = send(server, notify);

    ServerTransaction transaction = awaitRequest(atClient);
    assertEquals("NOTIFY", transaction.request().method());
    assertEquals(notify.callId(), transaction.request().callId());
    assertEquals("active;expires=600", transaction.request().header("Subscription-State").get());
    // a server transaction may be answered from any thread
    CompletableFuture.runAsync(
            () -> transaction.respond(SipResponse.to(transaction.request(), 200).build()))
        .get(timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);

    SipResponse response = awaitFinal(recorder);
    assertEquals(200, response.status());
    assertEquals(notify.callId(), response.callId());
    assertQuiet(atServer);
  }

  @Test
  public void aCancelledInviteSendsCancelWithItsBranchAndEndsWith487() {
    SipRequest invite = request("INVITE", client, server.contactUri()).build();
    Recorder recorder = new Recorder();
    SipTransport.ClientTransaction sent = client.send(invite, recorder);
    ServerTransaction inviteAtServer = awaitRequest(atServer);
    SipRequest received = inviteAtServer.request();
    inviteAtServer.respond(SipResponse.to(received, 180).toTag("contract-uas").build());
    assertEquals(180, awaitProvisional(recorder).status());

    sent.cancel();
    sent.cancel(); // a second time does nothing

    ServerTransaction cancelAtServer = awaitRequest(atServer);
    SipRequest cancel = cancelAtServer.request();
    assertEquals("CANCEL", cancel.method());
    assertEquals(received.requestUri(), cancel.requestUri());
    assertEquals(branch(received), branch(cancel), "RFC 3261 section 9.1: the INVITE's branch");
    assertEquals(received.callId(), cancel.callId());
    assertEquals(received.cseq().sequence(), cancel.cseq().sequence());
    assertEquals("CANCEL", cancel.cseq().method());
    assertEquals(received.from().tag(), cancel.from().tag());
    assertEquals(received.to().tag(), cancel.to().tag());
    cancelAtServer.respond(SipResponse.to(cancel, 200).toTag("contract-uas").build());
    inviteAtServer.respond(SipResponse.to(received, 487).toTag("contract-uas").build());

    assertEquals(487, awaitFinal(recorder).status());
    assertNoMoreEvents(recorder);
    assertQuiet(atServer);
  }

  @Test
  public void aCancelBeforeAnyProvisionalResponseWaitsForOne() {
    SipRequest invite = request("INVITE", client, server.contactUri()).build();
    Recorder recorder = new Recorder();
    SipTransport.ClientTransaction sent = client.send(invite, recorder);
    ServerTransaction inviteAtServer = awaitRequest(atServer);
    SipRequest received = inviteAtServer.request();

    sent.cancel();
    // RFC 3261 section 9.1: no CANCEL before a provisional response (a stack may send its own 100
    // Trying after 200 ms, RFC 3261 section 17.2.1, and the CANCEL may then follow it at once)
    inviteAtServer.respond(SipResponse.to(received, 100).build());
    assertEquals(100, awaitProvisional(recorder).status());
    ServerTransaction cancelAtServer = awaitRequest(atServer);
    assertEquals("CANCEL", cancelAtServer.request().method());
    assertEquals(branch(received), branch(cancelAtServer.request()));
    cancelAtServer.respond(SipResponse.to(cancelAtServer.request(), 200).build());
    inviteAtServer.respond(SipResponse.to(received, 487).toTag("contract-uas").build());
    assertEquals(487, awaitFinal(recorder).status());
  }

  @Test
  public void aCancelAfterTheFinalResponseSendsNothing() {
    SipRequest invite = request("INVITE", client, server.contactUri()).build();
    Recorder recorder = new Recorder();
    SipTransport.ClientTransaction sent = client.send(invite, recorder);
    ServerTransaction inviteAtServer = awaitRequest(atServer);
    inviteAtServer.respond(
        SipResponse.to(inviteAtServer.request(), 486).toTag("contract-uas").build());
    assertEquals(486, awaitFinal(recorder).status());

    sent.cancel();
    assertQuiet(atServer);
    assertNoMoreEvents(recorder);

    Recorder options = new Recorder();
    SipTransport.ClientTransaction other =
        client.send(request("OPTIONS", client, server.contactUri()).build(), options);
    ServerTransaction optionsAtServer = awaitRequest(atServer);
    other.cancel(); // not an INVITE: nothing to cancel
    assertQuiet(atServer);
    optionsAtServer.respond(SipResponse.to(optionsAtServer.request(), 200).build());
    assertEquals(200, awaitFinal(options).status());
  }

  @Test
  public void anInviteThatIsNotAnsweredAfterItsCancelTimesOut() {
    SipRequest invite = request("INVITE", client, server.contactUri()).build();
    Recorder recorder = new Recorder();
    SipTransport.ClientTransaction sent = client.send(invite, recorder);
    ServerTransaction inviteAtServer = awaitRequest(atServer);
    inviteAtServer.respond(SipResponse.to(inviteAtServer.request(), 180).toTag("uas").build());
    assertEquals(180, awaitProvisional(recorder).status());
    sent.cancel();
    awaitRequest(atServer); // the CANCEL, never answered, nor the INVITE
    assumeTrue(advanceTime(Duration.ofSeconds(33)), "needs simulated time");
    assertEquals(TransportException.Kind.TIMEOUT, awaitFailure(recorder).kind());
  }

  @Test
  public void aRetransmittedRequestReachesTheHandlerOnce() {
    assumeTrue(duplicateNextRequest(), "the transport cannot simulate a retransmission");
    Recorder recorder = send(client, request("OPTIONS", client, server.contactUri()).build());
    ServerTransaction transaction = awaitRequest(atServer);
    transaction.respond(SipResponse.to(transaction.request(), 200).toTag("contract-uas").build());
    assertEquals(200, awaitFinal(recorder).status());
    assertQuiet(atServer);
    assertNoMoreEvents(recorder);
  }

  @Test
  public void anUnreachableDestinationFailsTheTransaction() {
    Recorder recorder = send(client, request("OPTIONS", client, unreachableUri()).build());
    assertEquals(TransportException.Kind.UNREACHABLE, awaitFailure(recorder).kind());
    assertNoMoreEvents(recorder);
  }

  @Test
  public void aTransactionWithoutFinalResponseTimesOutAfterTimerF() {
    Recorder recorder = send(client, request("OPTIONS", client, server.contactUri()).build());
    awaitRequest(atServer); // and never answered
    assumeTrue(advanceTime(Duration.ofSeconds(31)), "the transport runs on real time");
    assertNoMoreEvents(recorder);
    advanceTime(Duration.ofSeconds(2));
    assertEquals(TransportException.Kind.TIMEOUT, awaitFailure(recorder).kind());
    assertNoMoreEvents(recorder);
  }

  @Test
  public void closeFailsPendingTransactionsAndRefusesToSend() {
    Recorder recorder = send(client, request("OPTIONS", client, server.contactUri()).build());
    ServerTransaction transaction = awaitRequest(atServer);

    client.close();
    assertEquals(TransportException.Kind.CLOSED, awaitFailure(recorder).kind());
    transaction.respond(SipResponse.to(transaction.request(), 200).toTag("contract-uas").build());
    assertNoMoreEvents(recorder);

    SipRequest another = request("OPTIONS", client, server.contactUri()).build();
    assertThrows(IllegalStateException.class, () -> client.send(another, new Recorder()));
    client.close(); // again: nothing happens
  }

  @Test
  public void sendingBeforeStartIsRefused() {
    SipTransport unstarted = open();
    SipRequest request = request("OPTIONS", unstarted, server.contactUri()).build();
    assertThrows(IllegalStateException.class, () -> unstarted.send(request, new Recorder()));
  }

  @Test
  public void aRequestLargerThanUdpAllowsFollowsTheTransportsRule() {
    byte[] content = new byte[64 * 1024];
    new Random(3261).nextBytes(content);
    Recorder recorder =
        send(
            client,
            request("MESSAGE", client, server.contactUri())
                .body(Body.of("application/octet-stream", content))
                .build());
    if (deliversLargeRequests()) {
      ServerTransaction transaction = awaitRequest(atServer);
      assertArrayEquals(content, bytes(transaction.request()));
      assertEquals(String.valueOf(content.length), contentLength(transaction.request()));
      transaction.respond(SipResponse.to(transaction.request(), 200).toTag("contract-uas").build());
      assertEquals(200, awaitFinal(recorder).status());
    } else {
      assertEquals(TransportException.Kind.SEND_FAILED, awaitFailure(recorder).kind());
      assertQuiet(atServer);
    }
  }

  /**
   * A request as the engine builds one: Max-Forwards, From with a tag, To, Call-ID, CSeq and
   * Contact, no Via.
   */
  private SipRequest.Builder request(String method, SipTransport from, SipUri target) {
    long n = counter.incrementAndGet();
    return SipRequest.builder(method, target)
        .header("Max-Forwards", "70")
        .header("From", NameAddr.of(from.contactUri()).withTag("contract-" + n).toString())
        .header("To", NameAddr.of(target).toString())
        .header("Call-ID", "contract-" + n + "@sepapi.test")
        .header("CSeq", n + " " + method)
        .header("Contact", NameAddr.of(from.contactUri()).toString());
  }

  private static Recorder send(SipTransport transport, SipRequest request) {
    Recorder recorder = new Recorder();
    transport.send(request, recorder);
    return recorder;
  }

  /** Every header of {@code sent} but Via and Content-Length arrived with the same elements. */
  private static void assertKeepsHeaders(SipMessage sent, SipMessage received) {
    Set<String> names = new LinkedHashSet<>();
    for (SipHeaders.Header header : sent.headers().all()) {
      names.add(header.name());
    }
    names.remove("Via");
    names.remove("Content-Length");
    for (String name : names) {
      assertEquals(
          sent.headers().elements(name), received.headers().elements(name), "header " + name);
    }
  }

  private static byte[] bytes(SipMessage message) {
    return message.body().map(Body::content).orElse(new byte[0]);
  }

  private static String branch(SipMessage message) {
    return message.vias().get(0).branch().orElse("(no branch)");
  }

  private static String contentLength(SipMessage message) {
    return message.header("Content-Length").orElse("(no Content-Length)");
  }

  private ServerTransaction awaitRequest(BlockingQueue<ServerTransaction> queue) {
    awaitIdle();
    ServerTransaction transaction = poll(queue, timeout());
    if (transaction == null) {
      fail("no request arrived within " + timeout());
    }
    return transaction;
  }

  private void assertQuiet(BlockingQueue<ServerTransaction> queue) {
    awaitIdle();
    ServerTransaction transaction = poll(queue, quietPeriod());
    assertNull(
        transaction,
        () -> "a request that should not have reached the handler: " + transaction.request());
  }

  private SipResponse awaitProvisional(Recorder recorder) {
    Object event = awaitEvent(recorder);
    if (!(event instanceof Recorder.Provisional provisional)) {
      throw new AssertionError("expected a provisional response, got " + event);
    }
    return provisional.response();
  }

  private SipResponse awaitFinal(Recorder recorder) {
    Object event = awaitEvent(recorder);
    if (!(event instanceof Recorder.Final answer)) {
      throw new AssertionError("expected a final response, got " + event);
    }
    return answer.response();
  }

  private TransportException awaitFailure(Recorder recorder) {
    Object event = awaitEvent(recorder);
    if (!(event instanceof Recorder.Failure failure)) {
      throw new AssertionError("expected a failure, got " + event);
    }
    return failure.exception();
  }

  private Object awaitEvent(Recorder recorder) {
    awaitIdle();
    Object event = poll(recorder.events, timeout());
    if (event == null) {
      fail("the listener heard nothing within " + timeout());
    }
    return event;
  }

  private void assertNoMoreEvents(Recorder recorder) {
    awaitIdle();
    Object event = poll(recorder.events, quietPeriod());
    assertNull(event, () -> "the listener heard more: " + event);
  }

  private static <T> T poll(BlockingQueue<T> queue, Duration wait) {
    try {
      return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** What one client transaction heard, in order. Thread-safe. */
  private static final class Recorder implements SipTransport.ResponseListener {
    record Provisional(SipResponse response) {
      @Override
      public String toString() {
        return "provisional " + response.statusLine();
      }
    }

    record Final(SipResponse response) {
      @Override
      public String toString() {
        return "final " + response.statusLine();
      }
    }

    record Failure(TransportException exception) {
      @Override
      public String toString() {
        return "failure " + exception.kind() + ": " + exception.getMessage();
      }
    }

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onProvisional(SipResponse response) {
      events.add(new Provisional(response));
    }

    @Override
    public void onFinal(SipResponse response) {
      events.add(new Final(response));
    }

    @Override
    public void onFailure(TransportException failure) {
      events.add(new Failure(failure));
    }
  }
}
