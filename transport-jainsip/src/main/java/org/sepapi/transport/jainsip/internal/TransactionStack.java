package org.sepapi.transport.jainsip.internal;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.SIPConstants;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.PeerUnavailableException;

/**
 * The NIST stack as {@code JainSipTransport} runs it: the transaction layer only, with sepapi's
 * engine owning every dialog, and its UDP datagrams read by a {@link BoundedUdpProcessor}.
 *
 * <p>What it changes in the stack, where no property reaches:
 *
 * <ul>
 *   <li>{@link #newSIPServerResponse}: a response that matches no transaction by its RFC 3261
 *       branch is a stray at once, without a walk of the client transaction table.
 *   <li>{@link #findSubscribeTransaction} finds nothing, at no cost. The stack asks it for every
 *       NOTIFY that matches none of its dialogs (with automatic dialog support off: every NOTIFY),
 *       and the stock implementation walks the whole client transaction table, whose {@code
 *       ConcurrentHashMap} never shrinks: with N SUBSCRIBEs in flight or lately completed, each
 *       NOTIFY costs a walk of N (and of the table's largest size ever, even when empty). What a
 *       match would give serves only the stack's own subscription dialogs, which this transport
 *       never creates ({@code AUTOMATIC_DIALOG_SUPPORT=off}, unsolicited NOTIFYs delivered), so
 *       without it every NOTIFY takes the path that a NOTIFY after its SUBSCRIBE's transaction has
 *       ended takes anyway: to the listener, in a new server transaction.
 *   <li>The UDP listening point reads datagrams into buffers of their own size and queues at most
 *       {@link #udpQueueCapacity} of them; past that it sheds load (see {@link
 *       BoundedUdpProcessor}).
 * </ul>
 *
 * Thread-safe as the stack it extends.
 */
public final class TransactionStack extends SipStackImpl {
  private static final Logger LOG = System.getLogger(TransactionStack.class.getName());

  /** The UDP socket buffers' size unless the transport is told otherwise: 4 MiB. */
  public static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;

  /** At most this many received datagrams wait, unless the transport is told otherwise. */
  public static final int UDP_QUEUE = 2_000;

  private volatile int udpQueueCapacity = UDP_QUEUE;
  private final AtomicLong shedRequests = new AtomicLong();
  private final AtomicLong shedResponses = new AtomicLong();

  /**
   * The properties every stack of this transport starts from (the transport adds those of TCP, TLS
   * and an outbound proxy): transaction level only, one listener thread, {@code threads} message
   * processing threads, UDP buffers of {@code udpBufferBytes}, the bounded UDP processor, the
   * stack's logging through {@link StackLog} and {@link MessageLog}, and a one-line 400 for an
   * unparseable request.
   */
  public static Properties properties(String name, int threads, int udpBufferBytes) {
    Properties properties = new Properties();
    properties.setProperty("javax.sip.STACK_NAME", name);
    properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    properties.setProperty("javax.sip.ROUTER_PATH", FirstRouteRouter.class.getName());
    properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", StackLog.class.getName());
    properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", MessageLog.class.getName());
    // the listener runs on the thread that parsed the message: the stock mode queues every event
    // for one more thread, without bound; with one thread over UDP (and one a connection over TCP)
    // a transaction's responses still reach the listener in order, and the listener hands off
    properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
    properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(threads));
    String bytes = Integer.toString(udpBufferBytes);
    properties.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", bytes);
    properties.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", bytes);
    // UDP datagrams in buffers of their own size, a bounded number of them queued (see
    // BoundedUdpProcessor); the stock processors for TCP and TLS
    properties.setProperty(
        "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", UdpProcessorFactory.class.getName());
    // out-of-dialog and forked NOTIFYs go to the engine, which owns the subscriptions
    properties.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
    properties.setProperty("gov.nist.javax.sip.AUTOMATIC_DIALOG_ERROR_HANDLING", "false");
    properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
    properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "1048576");
    // a transaction drops its parsed messages once it has its final response (it keeps the
    // response's bytes to answer retransmissions): a NOTIFY's server transaction lingers 32 s
    // (Timer J), and at 8,000 NOTIFYs/s the lingering ones held most of a 1 GiB heap. The
    // transport never reads a message back from a transaction once it is answered.
    properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
    // a 400 for a broken request gets a status line a peer can read
    properties.setProperty(
        "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", OneLineErrorParserFactory.class.getName());
    return properties;
  }

  /**
   * @throws PeerUnavailableException if the stack refuses {@code properties}
   */
  public TransactionStack(Properties properties) throws PeerUnavailableException {
    super(properties);
  }

  /** At most this many received datagrams wait for the stack's threads; set before listening. */
  public void udpQueueCapacity(int datagrams) {
    if (datagrams < 1) {
      throw new IllegalArgumentException("at least one datagram: " + datagrams);
    }
    this.udpQueueCapacity = datagrams;
  }

  int udpQueueCapacity() {
    return udpQueueCapacity;
  }

  /** The stack's message processing threads (its {@code THREAD_POOL_SIZE}). */
  int channelThreads() {
    return threadPoolSize;
  }

  /** Requests dropped on arrival since the stack started, because the queue was (nearly) full. */
  public long shedRequests() {
    return shedRequests.get();
  }

  /** Responses dropped on arrival since the stack started, because the queue was full. */
  public long shedResponses() {
    return shedResponses.get();
  }

  void shed(boolean response) {
    (response ? shedResponses : shedRequests).incrementAndGet();
  }

  /**
   * Always null: see the class comment. The stack then treats the NOTIFY as one outside its
   * dialogs, which it delivers to the listener ({@code DELIVER_UNSOLICITED_NOTIFY=true}).
   */
  @Override
  public SIPClientTransaction findSubscribeTransaction(
      SIPRequest notify, ListeningPointImpl listeningPoint) {
    return null;
  }

  /**
   * As the stack does, but a response whose branch has the RFC 3261 magic cookie and matches no
   * client transaction goes straight to the listener as a stray. The stock implementation then
   * walks the whole client transaction table looking for an RFC 2543 match (which a branch of RFC
   * 3261 never has): at every retransmitted 2xx to an INVITE whose transaction has ended, and there
   * are many when a loaded node is slow to ACK, each walk making it slower.
   */
  @Override
  public ServerResponseInterface newSIPServerResponse(
      SIPResponse response, MessageChannel channel) {
    String key = response.getTransactionId();
    if (key != null
        && key.startsWith(SIPConstants.BRANCH_MAGIC_COOKIE_LOWER_CASE)
        && findTransaction(key, false) == null) {
      return sipMessageFactory.newSIPServerResponse(response, channel);
    }
    return super.newSIPServerResponse(response, channel);
  }

  /**
   * Tells the stack that a UDP listening point exists, so that its channels send from the listening
   * socket (the flag is package-private; the stock message processor factory sets it).
   */
  void udpListening() {
    try {
      Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
      flag.setAccessible(true);
      flag.setBoolean(this, true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // every response would then go from a socket of its own, to the peer's confusion
      LOG.log(Level.WARNING, "cannot tell the JAIN-SIP stack that it listens on UDP", e);
      throw new IllegalStateException("this JAIN-SIP version is not the one expected", e);
    }
  }
}
