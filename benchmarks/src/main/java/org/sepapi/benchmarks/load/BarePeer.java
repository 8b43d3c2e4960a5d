package org.sepapi.benchmarks.load;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sepapi.transport.jainsip.internal.TransactionStack;

/**
 * The stack's own ceiling: a bare JAIN-SIP stack, set up as {@code JainSipTransport} sets it up
 * ({@link TransactionStack} with its properties: transaction level, one thread, the same loggers,
 * router, UDP buffers and bounded UDP queue; or the stock stack, mode {@code bare-stock}), whose
 * listener answers every request 200 in a stateful server transaction, on the listener thread. It
 * sends the SUBSCRIBEs that start sipp's dialogs itself and ignores their answers. Thread-safe.
 */
final class BarePeer implements LoadPeer {
  private final SipStackImpl stack;
  private final ListeningPoint point;
  private final SipProvider provider;
  private final MessageFactoryImpl messages = new MessageFactoryImpl();
  private final int port;
  private volatile StepCounters counters = new StepCounters(0);

  /**
   * @param stock the stock stack ({@code SipStackImpl}, its 64 KiB UDP buffers and unbounded UDP
   *     queue), as before issue 12, instead of {@code JainSipTransport}'s
   */
  BarePeer(boolean stock) {
    Properties properties =
        TransactionStack.properties(
            stock ? "bare-stock" : "bare", 1, TransactionStack.UDP_BUFFER_BYTES);
    if (stock) {
      properties.remove("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY");
      properties.remove("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE");
      properties.remove("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE");
    }
    try {
      this.stack = stock ? new SipStackImpl(properties) : new TransactionStack(properties);
      this.port = freeUdpPort();
      this.point = stack.createListeningPoint("127.0.0.1", port, "udp");
      this.provider = stack.createSipProvider(point);
      provider.addSipListener(new Listener());
    } catch (SipException
        | javax.sip.InvalidArgumentException
        | java.util.TooManyListenersException
        | IOException e) {
      throw new IllegalStateException("cannot start the bare JAIN-SIP stack: " + e, e);
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String name() {
    return "bare";
  }

  @Override
  public int enlargeUdpBuffers(int bytes) {
    return StackInternals.enlargeUdpBuffers(point, bytes);
  }

  @Override
  public String transactions() {
    return StackInternals.transactions(stack);
  }

  @Override
  public int transactionsHeld() {
    return StackInternals.held(stack);
  }

  /** What the transport's stack sheds (none for the stock stack, which queues without bound). */
  @Override
  public long shedMessages() {
    return stack instanceof TransactionStack bounded
        ? bounded.shedRequests() + bounded.shedResponses()
        : 0;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void beginStep(StepCounters counters, Path dir) {
    this.counters = counters;
  }

  @Override
  public void subscribe(int index, String host, int notifierPort) {
    String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    String aor = "sip:user" + index + "@" + host + ":" + notifierPort;
    String text =
        "SUBSCRIBE "
            + aor
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:"
            + port
            + ";branch=z9hG4bK"
            + random
            + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:bare@127.0.0.1>;tag="
            + random.substring(0, 10)
            + "\r\n"
            + "To: <"
            + aor
            + ">\r\n"
            + "Call-ID: "
            + random
            + index
            + "\r\n"
            + "CSeq: 1 SUBSCRIBE\r\n"
            + "Contact: <sip:127.0.0.1:"
            + port
            + ";transport=udp>\r\n"
            + "Event: reg\r\n"
            + "Expires: 3600\r\n"
            + "Content-Length: 0\r\n\r\n";
    try {
      Request request = messages.createRequest(text);
      provider.getNewClientTransaction(request).sendRequest();
      counters.subscribesSent.incrementAndGet();
    } catch (ParseException | SipException e) {
      throw new IllegalStateException("SUBSCRIBE not sent: " + e, e);
    }
  }

  @Override
  public void endStep() {}

  @Override
  public void close() {
    try {
      stack.deleteSipProvider(provider);
      stack.deleteListeningPoint(point);
    } catch (javax.sip.ObjectInUseException e) {
      // stopping anyway
    }
    stack.stop();
  }

  /** Answers every request 200 in a server transaction, on the stack's one listener thread. */
  private final class Listener implements SipListener {
    @Override
    public void processRequest(RequestEvent event) {
      long now = System.nanoTime();
      Request request = event.getRequest();
      StepCounters step = counters;
      if (request.getMethod().equals(Request.ACK)) {
        return;
      }
      ServerTransaction transaction = event.getServerTransaction();
      try {
        if (transaction == null) {
          transaction = provider.getNewServerTransaction(request);
        }
      } catch (TransactionAlreadyExistsException e) {
        return; // a retransmission: the stack answers it from the transaction
      } catch (SipException e) {
        step.non200Answers.incrementAndGet();
        return;
      }
      StepCounters.Kind kind = null;
      if (request.getMethod().equals(Request.NOTIFY)) {
        SubscriptionStateHeader state =
            (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        kind = step.notifyReceived(callId.getCallId(), state == null ? "" : state.getState(), now);
      } else {
        step.otherRequests.incrementAndGet();
      }
      try {
        transaction.sendResponse(messages.createResponse(Response.OK, request));
        if (kind == StepCounters.Kind.LOOP) {
          step.answers.add(System.nanoTime() - now);
        }
      } catch (ParseException | SipException | javax.sip.InvalidArgumentException e) {
        step.non200Answers.incrementAndGet();
      }
    }

    @Override
    public void processResponse(ResponseEvent event) {}

    @Override
    public void processTimeout(TimeoutEvent event) {}

    @Override
    public void processIOException(IOExceptionEvent event) {}

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}
  }
}
