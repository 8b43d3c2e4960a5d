package org.sepapi.transport.jainsip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.SipTransport.ServerTransaction;
import org.sepapi.core.spi.TransportException;

/**
 * Many stacks one after another in one JVM, over UDP, TCP and TLS in turn: each works, and each
 * leaves no thread behind.
 */
class RestartTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JainSipTransport.Protocol[] PROTOCOLS = JainSipTransport.Protocol.values();

  @Test
  void twentyStartsAndStopsLeaveNoThreadBehind() throws Exception {
    SSLContext context = TestTls.localhost(); // before: keytool runs in a process
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    for (int round = 0; round < 20; round++) {
      JainSipTransport.Protocol protocol = PROTOCOLS[round % PROTOCOLS.length];
      JainSipTransport.Builder builder =
          JainSipTransport.builder().bind("127.0.0.1", 0).protocol(protocol);
      if (protocol == JainSipTransport.Protocol.TLS) {
        builder.tls(context);
      }
      try (JainSipTransport transport = builder.build()) {
        BlockingQueue<ServerTransaction> received = new LinkedBlockingQueue<>();
        transport.start(received::add);
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        // to itself: one stack per round sends, receives and answers
        transport.send(
            SipRequest.builder("OPTIONS", transport.contactUri())
                .header("Max-Forwards", "70")
                .header("From", NameAddr.of(transport.contactUri()).withTag("r" + round).toString())
                .header("To", NameAddr.of(transport.contactUri()).toString())
                .header("Call-ID", "restart-" + round + "@sepapi.test")
                .header("CSeq", "1 OPTIONS")
                .build(),
            new SipTransport.ResponseListener() {
              @Override
              public void onFinal(SipResponse response) {
                answers.add(response.status());
              }

              @Override
              public void onFailure(TransportException failure) {
                answers.add(failure.kind());
              }
            });
        ServerTransaction transaction = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(transaction, "round " + round + ": no request arrived");
        transaction.respond(SipResponse.to(transaction.request(), 200).toTag("b").build());
        assertEquals(200, answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "round " + round);
      }
    }
    // close() waits for the stack's threads already; give stragglers a bounded join
    List<Thread> left = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (before.contains(thread) || !isStacks(thread)) {
        continue;
      }
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        left.add(thread);
      }
    }
    assertEquals(List.of(), left.stream().map(Thread::getName).toList(), "threads left behind");
  }

  /** The stack's threads and ours: named after the stack, or the stack's fixed names. */
  private static boolean isStacks(Thread thread) {
    String name = thread.getName();
    return name.startsWith("sepapi-")
        || name.contains("EventScanner")
        || name.contains("SipTimer")
        || name.contains("MessageChannel")
        || name.contains("MessageProcessor")
        || name.contains("Timer-")
        || (thread.getThreadGroup() != null
            && thread.getThreadGroup().getName().startsWith("sepapi-"));
  }
}
