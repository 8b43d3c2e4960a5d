package org.sepapi.transport.jainsip;

import gov.nist.javax.sip.ClientTransactionExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Hop;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.sepapi.core.SepException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.transport.jainsip.internal.DestinationQueues;
import org.sepapi.transport.jainsip.internal.Messages;
import org.sepapi.transport.jainsip.internal.TransactionStack;
import org.sepapi.transport.jainsip.internal.TransportNetworkLayer;

/**
 * A {@link SipTransport} on the NIST JAIN-SIP stack, over UDP, TCP or TLS: one stack, one listening
 * point, transaction-level only (the stack's automatic dialog support is off; sepapi's engine owns
 * dialogs). {@link Builder#build()} binds the socket, {@link #start} begins handing requests over,
 * {@link #close()} stops the stack and its threads.
 *
 * <pre>{@code
 * try (JainSipTransport sip = JainSipTransport.builder().bind("192.0.2.10", 5060).build()) {
 *   SubscriptionService service = SubscriptionService.builder().transport(sip).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Every request it sends gets a top Via with a fresh {@code z9hG4bK} branch and {@code rport}
 * (RFC 3581), so that a UDP response comes back to the port the request left from, through a NAT
 * too. Requests it receives over UDP with {@code rport} are answered to their source address and
 * port (the stack fills in {@code received} and {@code rport}).
 *
 * <p>TLS uses the application's {@link javax.net.ssl.SSLContext}, never JAIN-SIP's key store
 * properties:
 *
 * <pre>{@code
 * JainSipTransport sip =
 *     JainSipTransport.builder()
 *         .bind("192.0.2.10", 5061)
 *         .protocol(JainSipTransport.Protocol.TLS)
 *         .tls(sslContext)                       // key managers: our certificate; trust managers
 *         .tlsProtocols("TLSv1.3", "TLSv1.2")    // optional; default the context's
 *         .build();
 * }</pre>
 *
 * The contact and Via say {@code sip:...;transport=tls} and {@code SIP/2.0/TLS} (no {@code sips:}
 * URIs). A connection this transport opens checks that the peer's certificate names the host it
 * goes to ({@link Builder#tlsVerifyHostname}); one it accepts asks for no client certificate unless
 * {@link Builder#tlsRequireClientCertificate}. A refused handshake (an untrusted or misnamed
 * certificate, no common protocol, a refused client certificate, no answer within {@link
 * Builder#tlsHandshakeTimeout}) fails the request with {@link TransportException.Kind#UNREACHABLE},
 * without waiting for Timer F.
 *
 * <p>{@link #send} converts the request and returns: the transport's send threads ({@link
 * Builder#sendThreads}) resolve the next hop, open a TCP or TLS connection if need be (a peer that
 * does not answer fails the request with UNREACHABLE after {@link Builder#connectTimeout}) and hand
 * the request to the stack, one request at a time per next hop, in the order of the {@code send}
 * calls, so a peer that is slow to reach holds up only the requests to it. Received messages reach
 * the engine on the stack thread that parsed them (the stack's re-entrant listener mode: no queue
 * between the two): over UDP one thread by default, so the responses of a transaction arrive in
 * order, over TCP and TLS each connection's thread; the engine above only hands them off. Timeouts
 * come from the stack's timer thread. What is received beyond {@link Builder#udpQueue} and {@link
 * Builder#maxUnansweredRequests} is dropped, as if lost, for its sender to retransmit ({@link
 * #shedMessages}). Failures detected while sending or closing, or on a TLS connection, are told
 * from a separate short-lived thread, never inside {@link #send} or {@link #close}. Thread-safe.
 */
public final class JainSipTransport implements SipTransport {
  private static final Logger LOG = System.getLogger(JainSipTransport.class.getName());
  private static final AtomicLong STACKS = new AtomicLong();
  private static final int BIND_ATTEMPTS = 20;
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  /** How long an INVITE waits for its final response after its CANCEL (Timer B, 64*T1). */
  private static final Duration CANCEL_GUARD = Duration.ofSeconds(32);

  /** At most this many ACKs are kept to answer retransmitted 2xx responses. */
  private static final int MAX_RECENT_ACKS = 100_000;

  private static final long ACK_PRUNE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final int DEFAULT_SEND_THREADS = 4;
  private static final int DEFAULT_MAX_UNANSWERED = 10_000;

  /** The transport protocol of the listening point. */
  public enum Protocol {
    UDP,
    TCP,
    /** TLS over TCP, with the {@link SSLContext} given to {@link Builder#tls(SSLContext)}. */
    TLS
  }

  private enum State {
    BOUND,
    STARTED,
    CLOSED
  }

  private final Protocol protocol;
  private final String host;
  private final int port;
  private final SipUri contact;
  private final Duration retransmitTimer;
  private final TransactionStack stack;
  private final ListeningPoint listeningPoint;
  private final SipProvider provider;
  private final MessageFactoryImpl messages = new MessageFactoryImpl();
  private final Map<javax.sip.ClientTransaction, Pending> pending = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor callbacks;
  private final ScheduledThreadPoolExecutor guards;
  private final Map<String, RecentAck> recentAcks = new ConcurrentHashMap<>();
  private final AtomicLong lastAckPrune = new AtomicLong(System.nanoTime());
  private final DestinationQueues<Outgoing> sends;
  private final TransportNetworkLayer network;
  private final Object lock = new Object();
  private final ThreadGroup threads;
  private final int maxUnanswered;
  private final java.util.concurrent.atomic.AtomicInteger unanswered =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong shedUnanswered = new AtomicLong();
  private volatile State state = State.BOUND;
  private volatile IncomingRequestHandler handler;

  private JainSipTransport(Builder builder) {
    this.protocol = builder.protocol;
    this.retransmitTimer = builder.retransmitTimer;
    this.maxUnanswered = builder.maxUnansweredRequests;
    String name = builder.stackName + "-" + STACKS.incrementAndGet();
    Properties properties =
        TransactionStack.properties(name, builder.threadPoolSize, builder.udpBufferBytes);
    if (builder.proxyHost != null) {
      properties.setProperty(
          "javax.sip.OUTBOUND_PROXY",
          builder.proxyHost + ":" + builder.proxyPort + "/" + protocol.name());
    }
    if (protocol != Protocol.UDP) {
      // connections opened with a connect timeout (the stack's own layer has none), and TLS
      // sockets from the caller's SSLContext (JAIN-SIP's own TLS layer reads key store files);
      // the transport configures the layer before the listening point asks it for a socket
      properties.setProperty(
          "gov.nist.javax.sip.NETWORK_LAYER", TransportNetworkLayer.class.getName());
    }
    if (protocol == Protocol.TLS) {
      // the stack's default (Default) would need a client certificate on accepted connections
      properties.setProperty(
          "gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE",
          builder.tls.requireClientCertificate ? "Enabled" : "Disabled");
      // a peer that does not complete the handshake: the stack closes the socket
      properties.setProperty(
          "gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT",
          Long.toString(builder.tls.handshakeTimeout.toMillis()));
    }
    // every thread the stack starts belongs to this group: close() wakes those that stop() leaves
    // blocked (the event scanner and the UDP channel threads wait on queues it never wakes)
    this.threads = new ThreadGroup(name);
    Object[] created;
    try {
      created = onThreadOf(threads, name, () -> open(properties, builder));
    } catch (RuntimeException e) {
      stopThreads();
      throw e;
    }
    this.stack = (TransactionStack) created[0];
    ListeningPoint point = (ListeningPoint) created[1];
    SipProvider sipProvider = (SipProvider) created[2];
    this.listeningPoint = point;
    this.provider = sipProvider;
    this.network =
        protocol == Protocol.UDP ? null : (TransportNetworkLayer) stack.getNetworkLayer();
    this.host = builder.advertisedHost != null ? builder.advertisedHost : contactHost(builder.host);
    this.port = point.getPort();
    this.contact =
        SipUri.parse(
            "sip:"
                + hostForUri(host)
                + ":"
                + port
                + ";transport="
                + protocol.name().toLowerCase(Locale.ROOT));
    this.callbacks =
        new ThreadPoolExecutor(
            0,
            1,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(threads, task, name + "-failures");
              thread.setDaemon(true);
              return thread;
            });
    this.sends = new DestinationQueues<>(threads, name + "-send-", builder.sendThreads);
    this.guards =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(threads, task, name + "-cancel-guard");
              thread.setDaemon(true);
              return thread;
            });
    guards.setRemoveOnCancelPolicy(true);
  }

  /** Creates the stack, its listening point and provider: {stack, point, provider}. */
  private Object[] open(Properties properties, Builder builder) {
    TransactionStack sipStack;
    try {
      sipStack = new TransactionStack(properties);
      sipStack.udpQueueCapacity(builder.udpQueue);
    } catch (javax.sip.PeerUnavailableException e) {
      throw new SepException("cannot create the JAIN-SIP stack: " + e.getMessage(), e);
    }
    ListeningPoint point = null;
    SipProvider sipProvider = null;
    try {
      if (protocol == Protocol.TCP) {
        ((TransportNetworkLayer) sipStack.getNetworkLayer()).configure(builder.connectTimeout);
      }
      if (protocol == Protocol.TLS) {
        TlsOptions tls = builder.tls;
        ((TransportNetworkLayer) sipStack.getNetworkLayer())
            .configure(
                builder.connectTimeout,
                tls.context,
                tls.protocols,
                tls.cipherSuites,
                tls.verifyHostname,
                this::tlsConnectionFailed);
        // the stack sets these on its server socket and (protocols only) on its client sockets
        sipStack.setEnabledProtocols(tls.protocols.clone());
        sipStack.setEnabledCipherSuites(tls.cipherSuites.clone());
      }
      point = listen(sipStack, builder.host, builder.port);
      sipProvider = sipStack.createSipProvider(point);
      sipProvider.addSipListener(new Listener());
      return new Object[] {sipStack, point, sipProvider};
    } catch (RuntimeException
        | javax.sip.ObjectInUseException
        | java.util.TooManyListenersException e) {
      stopStack(sipStack, point, sipProvider);
      throw e instanceof SepException sep
          ? sep
          : new SepException("cannot start the JAIN-SIP stack: " + e.getMessage(), e);
    }
  }

  /** Runs {@code task} on a new thread of {@code group}, so that the threads it starts join it. */
  private static Object[] onThreadOf(ThreadGroup group, String name, Supplier<Object[]> task) {
    Object[][] result = new Object[1][];
    RuntimeException[] failure = new RuntimeException[1];
    Thread thread =
        new Thread(
            group,
            () -> {
              try {
                result[0] = task.get();
              } catch (RuntimeException e) {
                failure[0] = e;
              }
            },
            name + "-setup");
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return result[0];
  }

  private ListeningPoint listen(SipStackImpl stack, String bindHost, int wantedPort) {
    String transport = protocol.name().toLowerCase(Locale.ROOT);
    SepException last = null;
    for (int attempt = 0; attempt < (wantedPort == 0 ? BIND_ATTEMPTS : 1); attempt++) {
      int tryPort = wantedPort;
      try {
        if (tryPort == 0) {
          tryPort = freePort(bindHost);
        }
        return stack.createListeningPoint(bindHost, tryPort, transport);
      } catch (IOException
          | javax.sip.InvalidArgumentException
          | javax.sip.TransportNotSupportedException e) {
        last =
            new SepException("cannot listen on " + bindHost + ":" + tryPort + "/" + transport, e);
      }
    }
    throw last;
  }

  /** A port that is free now (JAIN-SIP refuses port 0); another process may take it first. */
  private int freePort(String bindHost) throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getByName(bindHost), 0);
    if (protocol == Protocol.UDP) {
      try (DatagramSocket socket = new DatagramSocket(any)) {
        return socket.getLocalPort();
      }
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(any);
      return socket.getLocalPort();
    }
  }

  private static String contactHost(String bindHost) {
    try {
      InetAddress address = InetAddress.getByName(bindHost);
      if (address.isAnyLocalAddress()) {
        return InetAddress.getLocalHost().getHostAddress();
      }
    } catch (UnknownHostException e) {
      // keep the name as given
    }
    return bindHost;
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Received messages dropped because the transport was overloaded, since it was built: UDP
   * datagrams shed at a full queue ({@link Builder#udpQueue}) and requests beyond {@link
   * Builder#maxUnansweredRequests}. Their senders retransmit them.
   */
  public long shedMessages() {
    return stack.shedRequests() + stack.shedResponses() + shedUnanswered.get();
  }

  /** The port the listening point is bound to. */
  public int port() {
    return port;
  }

  public Protocol protocol() {
    return protocol;
  }

  @Override
  public SipUri contactUri() {
    return contact;
  }

  @Override
  public void start(IncomingRequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    synchronized (lock) {
      if (state == State.CLOSED) {
        throw new IllegalStateException(contact + ": the transport is closed");
      }
      if (state == State.STARTED) {
        throw new IllegalStateException(contact + ": the transport is started already");
      }
      this.handler = handler;
      state = State.STARTED;
    }
  }

  /**
   * Hands {@code request} to the transport's send threads, behind the requests sent earlier to the
   * same next hop, and returns: converting it is all that happens on the caller's thread. Resolving
   * the next hop's name, opening a TCP or TLS connection (within {@link Builder#connectTimeout} and
   * {@link Builder#tlsHandshakeTimeout}) and writing happen on a send thread; a failure there
   * reaches the listener's {@code onFailure} from a transport thread, never inside this call.
   */
  @Override
  public SipTransport.ClientTransaction send(SipRequest request, ResponseListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    State now = state;
    if (now != State.STARTED) {
      throw new IllegalStateException(
          contact + (now == State.CLOSED ? ": the transport is closed" : ": not started"));
    }
    String branch = "z9hG4bK" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    // rport (RFC 3581): a UDP response comes back to the port the request was sent from, which is
    // the listening port here, and through a NAT to the one the NAT chose
    String via =
        "SIP/2.0/"
            + protocol.name()
            + " "
            + hostForUri(host)
            + ":"
            + port
            + ";branch="
            + branch
            + ";rport";
    String what = request.method() + " " + request.requestUri();
    boolean ack = request.method().equals("ACK");
    Request jain;
    try {
      jain = Messages.toJain(request, via, messages);
    } catch (ParseException | RuntimeException e) {
      if (!ack) {
        failLater(listener, TransportException.Kind.SEND_FAILED, what + ": " + e.getMessage(), e);
      }
      return SipTransport.ClientTransaction.none();
    }
    Outgoing outgoing = new Outgoing(jain, ack ? null : listener, what, destinationOf(jain));
    if (!sends.submit(outgoing.destination, outgoing)) {
      if (!ack) {
        failLater(listener, TransportException.Kind.CLOSED, what + ": transport closed", null);
      }
      return SipTransport.ClientTransaction.none();
    }
    return outgoing.cancel == null ? SipTransport.ClientTransaction.none() : outgoing.cancel;
  }

  /**
   * The next hop's {@code host:port} as the router gives it, before any name is resolved: the key
   * of the queue that keeps the order of requests to one destination.
   */
  private String destinationOf(Request jain) {
    try {
      Hop hop = stack.getRouter().getNextHop(jain);
      return hop.getHost() + ":" + hop.getPort();
    } catch (SipException | RuntimeException e) {
      return ""; // the stack finds no hop either, and fails the request on the send thread
    }
  }

  /** A request waiting for a send thread; the listener is null for an ACK. */
  private final class Outgoing implements Runnable {
    final Request jain;
    final ResponseListener listener;
    final String what;
    final String destination;
    final Cancel cancel; // an INVITE's, else null

    Outgoing(Request jain, ResponseListener listener, String what, String destination) {
      this.jain = jain;
      this.listener = listener;
      this.what = what;
      this.destination = destination;
      this.cancel = jain.getMethod().equals(Request.INVITE) ? new Cancel(destination, what) : null;
    }

    @Override
    public void run() {
      transmit(this);
    }
  }

  /** On a send thread: the stack resolves the next hop, connects if need be, and sends. */
  private void transmit(Outgoing outgoing) {
    String what = outgoing.what;
    ResponseListener listener = outgoing.listener;
    if (listener == null) { // an ACK: no transaction, nothing to tell
      try {
        if (state != State.CLOSED) {
          // remembered first: the phone may retransmit its 2xx as soon as this ACK reaches it,
          // before sendRequest has returned here
          rememberAck(outgoing);
          provider.sendRequest(outgoing.jain);
        }
      } catch (SipException | RuntimeException e) {
        LOG.log(Level.DEBUG, "ACK not sent: {0}: {1}", what, e.getMessage());
      }
      return;
    }
    if (state == State.CLOSED) { // taken from its queue just before close() emptied the queues
      failLater(listener, TransportException.Kind.CLOSED, what + ": transport closed", null);
      return;
    }
    javax.sip.ClientTransaction transaction;
    try {
      transaction = provider.getNewClientTransaction(outgoing.jain);
      if (retransmitTimer != null) {
        transaction.setRetransmitTimer((int) retransmitTimer.toMillis());
      }
    } catch (SipException | RuntimeException e) {
      failed(outgoing, e);
      return;
    }
    Pending entry = new Pending(listener, what, outgoing.cancel);
    pending.put(transaction, entry);
    if (outgoing.cancel != null) {
      outgoing.cancel.sent(transaction);
    }
    if (state == State.CLOSED) { // close() ran in between and may not have seen the entry
      if (pending.remove(transaction, entry)) {
        failLater(listener, TransportException.Kind.CLOSED, what + ": transport closed", null);
      }
      return;
    }
    try {
      transaction.sendRequest();
    } catch (SipException | RuntimeException e) {
      if (pending.remove(transaction, entry)) {
        failed(outgoing, e);
      }
    }
  }

  /**
   * Keeps the ACK of a 2xx for Timer B's 32 s, keyed by Call-ID and CSeq number, so that a
   * retransmission of that 2xx (the phone did not get the ACK) is ACKed again (RFC 3261 section
   * 13.2.2.4). The stack absorbs retransmitted 2xx responses that match no transaction, and the
   * engine above never sees them.
   */
  private void rememberAck(Outgoing ack) {
    String key = ackKey(ack.jain);
    if (key == null) {
      return;
    }
    long now = System.nanoTime();
    long last = lastAckPrune.get();
    if (now - last > ACK_PRUNE_INTERVAL_NANOS && lastAckPrune.compareAndSet(last, now)) {
      recentAcks.values().removeIf(entry -> now - entry.sentNanos > CANCEL_GUARD.toNanos());
    }
    if (recentAcks.size() < MAX_RECENT_ACKS) {
      recentAcks.put(key, new RecentAck(ack, now));
    }
  }

  /** A retransmitted 2xx to an INVITE: its ACK goes again, if it was sent in the last 32 s. */
  private void ackAgain(Response response) {
    if (response.getStatusCode() / 100 != 2) {
      return;
    }
    String key = ackKey(response);
    RecentAck entry = key == null ? null : recentAcks.get(key);
    if (entry == null || System.nanoTime() - entry.sentNanos > CANCEL_GUARD.toNanos()) {
      return;
    }
    sends.submit(entry.ack.destination, entry.ack);
  }

  /** Call-ID and CSeq number of an ACK or of a response to an INVITE; null for anything else. */
  private static String ackKey(javax.sip.message.Message message) {
    javax.sip.header.CSeqHeader cseq =
        (javax.sip.header.CSeqHeader) message.getHeader(javax.sip.header.CSeqHeader.NAME);
    javax.sip.header.CallIdHeader callId =
        (javax.sip.header.CallIdHeader) message.getHeader(javax.sip.header.CallIdHeader.NAME);
    if (cseq == null || callId == null) {
      return null;
    }
    String method = cseq.getMethod();
    if (!method.equals(Request.ACK) && !method.equals(Request.INVITE)) {
      return null;
    }
    return callId.getCallId() + " " + cseq.getSeqNumber();
  }

  private record RecentAck(Outgoing ack, long sentNanos) {}

  /**
   * Fails {@code outgoing}; if its destination is unreachable (no address, no connection, no TLS
   * handshake), also the requests queued behind it for that destination, which waited for the same
   * connection: each would otherwise wait out the connect timeout again in turn.
   */
  private void failed(Outgoing outgoing, Exception cause) {
    TransportException.Kind kind = kindOf(cause);
    failLater(outgoing.listener, kind, outgoing.what + ": " + cause.getMessage(), cause);
    if (kind != TransportException.Kind.UNREACHABLE) {
      return;
    }
    for (Outgoing behind : sends.takeQueued(outgoing.destination)) {
      if (behind.listener == null) {
        LOG.log(
            Level.DEBUG, "ACK not sent: {0}: {1} is unreachable", behind.what, behind.destination);
        continue;
      }
      failLater(
          behind.listener,
          kind,
          behind.what
              + ": not sent, "
              + outgoing.destination
              + " was found unreachable for the request before it: "
              + cause.getMessage(),
          cause);
    }
  }

  private static TransportException.Kind kindOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof PortUnreachableException
          // a TLS handshake that failed (an untrusted or misnamed certificate, no common
          // protocol or cipher suite): the peer cannot be reached securely, which RFC 3263
          // section 4.3 treats like a failed connection
          || cause instanceof SSLException
          // JAIN-SIP's TCP and TLS channels turn a refused connection into this
          || (cause instanceof IOException
              && cause.getMessage() != null
              && cause.getMessage().startsWith("Could not connect"))) {
        return TransportException.Kind.UNREACHABLE;
      }
    }
    return TransportException.Kind.SEND_FAILED;
  }

  private void failLater(
      ResponseListener listener, TransportException.Kind kind, String message, Throwable cause) {
    TransportException failure =
        cause == null
            ? new TransportException(kind, message)
            : new TransportException(kind, message, cause);
    try {
      callbacks.execute(() -> listener.onFailure(failure));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // a send that raced with close(): its listener still hears of it, from a thread of its own
      Thread late = new Thread(() -> listener.onFailure(failure), "sepapi-jainsip-late-failure");
      late.setDaemon(true);
      late.start();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    List<Pending> closing = new ArrayList<>();
    for (javax.sip.ClientTransaction transaction : List.copyOf(pending.keySet())) {
      Pending entry = pending.remove(transaction);
      if (entry != null) {
        closing.add(entry);
      }
    }
    for (Pending entry : closing) {
      failLater(
          entry.listener,
          TransportException.Kind.CLOSED,
          entry.what + ": the transport was closed",
          null);
    }
    for (Outgoing outgoing : sends.close()) {
      if (outgoing.listener != null) {
        failLater(
            outgoing.listener,
            TransportException.Kind.CLOSED,
            outgoing.what + ": the transport was closed before it was sent",
            null);
      }
    }
    if (network != null) {
      network.close(); // a send thread connecting or in a handshake fails now
    }
    stopStack(stack, listeningPoint, provider);
    guards.shutdownNow();
    callbacks.shutdown();
    try {
      // the failures above reach their listeners before the transport's threads are interrupted
      callbacks.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopThreads();
  }

  /** Interrupts the stack's threads that stop() left waiting, and waits a moment for them. */
  private void stopThreads() {
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    Thread[] live = new Thread[threads.activeCount() + 8];
    int count = threads.enumerate(live, true);
    for (int i = 0; i < count; i++) {
      if (live[i] != Thread.currentThread()) {
        live[i].interrupt();
      }
    }
    for (int i = 0; i < count; i++) {
      long left = deadline - System.nanoTime();
      if (live[i] == Thread.currentThread() || left <= 0) {
        continue;
      }
      try {
        live[i].join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void stopStack(SipStackImpl stack, ListeningPoint point, SipProvider sipProvider) {
    try {
      if (sipProvider != null) {
        stack.deleteSipProvider(sipProvider);
      }
      if (point != null) {
        stack.deleteListeningPoint(point);
      }
    } catch (javax.sip.ObjectInUseException | RuntimeException e) {
      LOG.log(Level.DEBUG, "while closing the JAIN-SIP stack", e);
    }
    try {
      stack.stop(); // sleeps a second inside (JAIN-SIP lets its transactions finish)
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "while stopping the JAIN-SIP stack", e);
    }
  }

  @Override
  public String toString() {
    return "JainSipTransport[" + contact + "]";
  }

  /** The TLS settings, checked against the context. */
  private record TlsOptions(
      SSLContext context,
      String[] protocols,
      String[] cipherSuites,
      boolean requireClientCertificate,
      boolean verifyHostname,
      Duration handshakeTimeout) {
    static TlsOptions of(
        SSLContext context,
        String[] protocols,
        String[] cipherSuites,
        boolean requireClientCertificate,
        boolean verifyHostname,
        Duration handshakeTimeout) {
      SSLParameters defaults;
      SSLParameters supported;
      try {
        defaults = context.getDefaultSSLParameters();
        supported = context.getSupportedSSLParameters();
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException("the SSLContext is not initialized", e);
      }
      String[] useProtocols =
          protocols == null
              ? defaults.getProtocols()
              : checked(protocols, supported.getProtocols(), "protocol");
      String[] useSuites =
          cipherSuites == null
              ? defaults.getCipherSuites()
              : checked(cipherSuites, supported.getCipherSuites(), "cipher suite");
      return new TlsOptions(
          context,
          useProtocols,
          useSuites,
          requireClientCertificate,
          verifyHostname,
          handshakeTimeout);
    }

    private static String[] checked(String[] wanted, String[] supported, String what) {
      List<String> known = List.of(supported);
      for (String name : wanted) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException(
              "the SSLContext does not support the TLS "
                  + what
                  + " "
                  + name
                  + "; it knows "
                  + known);
        }
      }
      return wanted;
    }
  }

  /**
   * An outgoing TLS connection whose reading failed with a TLS error, told from the stack's reading
   * thread: with TLS 1.3 a server refuses the client's certificate only after the client's
   * handshake is complete, and the stack would leave the transactions on that connection to Timer
   * F.
   */
  private void tlsConnectionFailed(InetSocketAddress peer, SSLException failure) {
    String name = TransportNetworkLayer.peerName(peer.getAddress());
    String address = peer.getAddress().getHostAddress();
    for (Map.Entry<javax.sip.ClientTransaction, Pending> each : pending.entrySet()) {
      if (each.getKey() instanceof ClientTransactionExt ext
          && (goesTo(ext, address, peer.getPort()) || goesTo(ext, name, peer.getPort()))
          && pending.remove(each.getKey(), each.getValue())) {
        failLater(
            each.getValue().listener,
            TransportException.Kind.UNREACHABLE,
            each.getValue().what
                + ": the TLS connection to "
                + name
                + ":"
                + peer.getPort()
                + " failed: "
                + failure.getMessage(),
            failure);
      }
    }
  }

  /** Whether {@code transaction} goes to {@code host:port}, by its next hop or its peer. */
  private static boolean goesTo(ClientTransactionExt transaction, String host, int port) {
    Hop hop = transaction.getNextHop();
    if (hop != null && hop.getPort() == port && hop.getHost().equals(host)) {
      return true;
    }
    return host.equals(transaction.getPeerAddress()) && port == transaction.getPeerPort();
  }

  /** Whether a received request still counts as unanswered (see maxUnansweredRequests). */
  private final class Unanswered {
    private final AtomicBoolean done = new AtomicBoolean();

    /** Counts the request as answered; true the first time only. */
    boolean release() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      unanswered.decrementAndGet();
      return true;
    }

    boolean get() {
      return done.get();
    }
  }

  /** A client transaction waiting for its final response; {@code cancel} is an INVITE's. */
  private record Pending(ResponseListener listener, String what, Cancel cancel) {}

  /**
   * The CANCEL of one INVITE (RFC 3261 section 9.1): asked for by {@link #cancel()}, sent once the
   * INVITE is on the wire and a provisional response has come, on the INVITE's destination queue.
   * If the INVITE gets no final response within Timer B after it, the INVITE fails with TIMEOUT.
   */
  private final class Cancel implements SipTransport.ClientTransaction {
    private final String destination;
    private final String what;
    private javax.sip.ClientTransaction invite; // guarded by this
    private boolean requested; // guarded by this
    private boolean provisional; // guarded by this
    private boolean done; // guarded by this: sent, or the INVITE ended
    private ScheduledFuture<?> guard; // guarded by this

    Cancel(String destination, String what) {
      this.destination = destination;
      this.what = what;
    }

    @Override
    public void cancel() {
      synchronized (this) {
        if (requested) {
          return;
        }
        requested = true;
      }
      sendIfReady();
    }

    synchronized void sent(javax.sip.ClientTransaction transaction) {
      invite = transaction;
    }

    void provisional() {
      synchronized (this) {
        provisional = true;
      }
      sendIfReady();
    }

    /** The INVITE has its final response or failure: nothing more to send or guard. */
    void ended() {
      synchronized (this) {
        done = true;
        if (guard != null) {
          guard.cancel(false);
          guard = null;
        }
      }
    }

    private void sendIfReady() {
      javax.sip.ClientTransaction transaction;
      synchronized (this) {
        if (done || !requested || !provisional || invite == null) {
          return;
        }
        done = true;
        transaction = invite;
      }
      Request cancelRequest;
      try {
        cancelRequest = transaction.createCancel();
      } catch (SipException | RuntimeException e) {
        LOG.log(Level.DEBUG, "no CANCEL for {0}: {1}", what, e.getMessage());
        return;
      }
      Outgoing outgoing = new Outgoing(cancelRequest, ABSORB, "CANCEL of " + what, destination);
      if (!sends.submit(destination, outgoing)) {
        return; // closing: the INVITE fails with CLOSED
      }
      try {
        ScheduledFuture<?> timer =
            guards.schedule(
                () -> expire(transaction), CANCEL_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
          guard = timer;
        }
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
    }

    private void expire(javax.sip.ClientTransaction transaction) {
      Pending entry = pending.remove(transaction);
      if (entry != null) {
        entry.listener.onFailure(
            new TransportException(
                TransportException.Kind.TIMEOUT,
                what
                    + ": no final response within "
                    + CANCEL_GUARD.toSeconds()
                    + " s of its CANCEL"));
      }
    }
  }

  /** The listener of a CANCEL: its responses are not reported. */
  private static final ResponseListener ABSORB =
      new ResponseListener() {
        @Override
        public void onFinal(SipResponse response) {}

        @Override
        public void onFailure(TransportException failure) {}
      };

  /**
   * A request received in a JAIN-SIP server transaction (none for an ACK). Until its final response
   * it counts as unanswered (see {@link Builder#maxUnansweredRequests}).
   */
  private final class Incoming implements ServerTransaction {
    private final Messages.Received received;
    private final javax.sip.ServerTransaction transaction;
    private final Unanswered answered = new Unanswered();

    Incoming(Messages.Received received, javax.sip.ServerTransaction transaction) {
      this.received = received;
      this.transaction = transaction;
    }

    @Override
    public SipRequest request() {
      return received.request();
    }

    @Override
    public void respond(SipResponse response) {
      Objects.requireNonNull(response, "response");
      if (transaction == null || answered.get() || state == State.CLOSED) {
        return;
      }
      if (!response.isProvisional() && !answered.release()) {
        return;
      }
      SipRequest request = received.request();
      try {
        Response jain = Messages.toJain(response, received, messages);
        transaction.sendResponse(jain);
      } catch (ParseException
          | SipException
          | javax.sip.InvalidArgumentException
          | RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "response {0} to {1} not sent: {2}",
            response.status(),
            request.method(),
            e.getMessage());
      }
    }
  }

  /**
   * Called on the stack's threads (the one that parsed the message, or its timer thread for
   * timeouts): converts and hands over, nothing else.
   */
  private final class Listener implements SipListener {
    @Override
    public void processRequest(RequestEvent event) {
      IncomingRequestHandler target = handler;
      if (state != State.STARTED || target == null) {
        return;
      }
      Request jain = event.getRequest();
      boolean ack = jain.getMethod().equals(Request.ACK);
      javax.sip.ServerTransaction transaction = event.getServerTransaction();
      if (!ack && transaction == null && unanswered.get() >= maxUnanswered) {
        // the engine has this many requests to answer already: as if the datagram were lost, its
        // sender sends it again (over TCP too: a request without a transaction gets no answer, and
        // its retransmission is a new event)
        shedUnanswered.incrementAndGet();
        return;
      }
      if (!ack && transaction == null) {
        try {
          transaction = provider.getNewServerTransaction(jain);
        } catch (TransactionAlreadyExistsException e) {
          return; // a retransmission: the stack answers it from the transaction
        } catch (SipException | RuntimeException e) {
          LOG.log(Level.DEBUG, "no server transaction for {0}: {1}", jain.getMethod(), e);
          return;
        }
      }
      Messages.Received request;
      try {
        request = Messages.received(jain);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "unreadable {0} refused: {1}", jain.getMethod(), e.getMessage());
        if (transaction != null) {
          try {
            Response bad = messages.createResponse(Response.BAD_REQUEST, jain);
            bad.setReasonPhrase("Bad Request: " + e.getMessage().replaceAll("[\\r\\n]", " "));
            transaction.sendResponse(bad);
          } catch (ParseException
              | SipException
              | javax.sip.InvalidArgumentException
              | RuntimeException ignored) {
            // nothing more to do
          }
        }
        return;
      }
      Incoming incoming = new Incoming(request, transaction);
      if (transaction != null) {
        unanswered.incrementAndGet();
        // only the flag: the transaction lingers 32 s after its answer (Timer J), the request not
        transaction.setApplicationData(incoming.answered);
      }
      target.onRequest(incoming);
    }

    @Override
    public void processResponse(ResponseEvent event) {
      javax.sip.ClientTransaction transaction = event.getClientTransaction();
      Pending entry = transaction == null ? null : pending.get(transaction);
      if (entry == null) {
        ackAgain(event.getResponse()); // a retransmitted 2xx whose ACK was lost, or a stray
        return;
      }
      SipResponse response;
      try {
        response = Messages.fromJain(event.getResponse());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "unreadable response to {0} dropped: {1}", entry.what, e);
        return;
      }
      if (response.isProvisional()) {
        if (entry.cancel != null) {
          entry.cancel.provisional();
        }
        entry.listener.onProvisional(response);
      } else if (pending.remove(transaction, entry)) {
        if (entry.cancel != null) {
          entry.cancel.ended();
        }
        entry.listener.onFinal(response);
      }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
      if (event.isServerTransaction()) {
        return;
      }
      javax.sip.ClientTransaction transaction = event.getClientTransaction();
      Pending entry = transaction == null ? null : pending.remove(transaction);
      if (entry != null) {
        entry.listener.onFailure(
            new TransportException(
                TransportException.Kind.TIMEOUT, entry.what + ": no final response in time"));
      }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
      for (Map.Entry<javax.sip.ClientTransaction, Pending> each : pending.entrySet()) {
        if (each.getKey() instanceof ClientTransactionExt ext
            && goesTo(ext, event.getHost(), event.getPort())) {
          if (pending.remove(each.getKey(), each.getValue())) {
            each.getValue()
                .listener
                .onFailure(
                    new TransportException(
                        TransportException.Kind.UNREACHABLE,
                        each.getValue().what
                            + ": I/O error towards "
                            + event.getHost()
                            + ":"
                            + event.getPort()));
          }
        }
      }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
      if (event.isServerTransaction()) {
        if (event.getServerTransaction() != null
            && event.getServerTransaction().getApplicationData() instanceof Unanswered flag) {
          flag.release(); // ended without a final response from the engine (closing, or a bug)
        }
        return;
      }
      javax.sip.ClientTransaction transaction = event.getClientTransaction();
      Pending entry = transaction == null ? null : pending.remove(transaction);
      if (entry != null) {
        entry.listener.onFailure(
            new TransportException(
                TransportException.Kind.SEND_FAILED,
                entry.what + ": the transaction ended without a final response"));
      }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}
  }

  /** Configures a {@link JainSipTransport}. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 5060;
    private String advertisedHost;
    private Protocol protocol = Protocol.UDP;
    private String proxyHost;
    private int proxyPort;
    private String stackName = "sepapi";
    private int threadPoolSize = 1;
    private Duration retransmitTimer;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int sendThreads = DEFAULT_SEND_THREADS;
    private int udpBufferBytes = TransactionStack.UDP_BUFFER_BYTES;
    private int udpQueue = TransactionStack.UDP_QUEUE;
    private int maxUnansweredRequests = DEFAULT_MAX_UNANSWERED;
    private SSLContext tlsContext;
    private String[] tlsProtocols;
    private String[] tlsCipherSuites;
    private boolean tlsRequireClientCertificate;
    private boolean tlsVerifyHostname = true;
    private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
    private boolean tlsOptionsSet;
    private TlsOptions tls;

    private Builder() {}

    /**
     * The address and port to listen on (default {@code 127.0.0.1:5060}); port 0 picks a free one.
     *
     * @throws IllegalArgumentException if the port is not 0 to 65535 or the host is blank
     */
    public Builder bind(String host, int port) {
      this.host = address(host, port, 0, "bind");
      this.port = port;
      return this;
    }

    /**
     * The host written in Via and Contact, when peers reach this transport at another address than
     * the bound one (default: the bound address; the local host's for a wildcard).
     */
    public Builder advertisedHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("a blank host");
      }
      this.advertisedHost = host;
      return this;
    }

    /** UDP (default), TCP, or TLS (which also needs {@link #tls(SSLContext)}). */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * Sends every request to this proxy, whatever its Request-URI and Route headers say.
     *
     * @throws IllegalArgumentException if the port is not 1 to 65535 or the host is blank
     */
    public Builder outboundProxy(String host, int port) {
      this.proxyHost = address(host, port, 1, "proxy");
      this.proxyPort = port;
      return this;
    }

    /**
     * The prefix of the stack's name (default {@code sepapi}), which appears in the stack's thread
     * names; a counter makes each name unique.
     */
    public Builder stackName(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a stack name without white space: " + prefix);
      }
      this.stackName = prefix;
      return this;
    }

    /**
     * The stack's message processing threads over UDP (default 1), which parse datagrams and hand
     * them to the engine. With more than one, they do it in parallel, so responses sent back to
     * back (a 180 then a 200) may be processed out of order and the stack then drops the later
     * provisional one: UDP does not promise order, but with one thread a loopback or LAN peer's
     * order is kept. Over TCP each connection is read by one thread anyway.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder threadPoolSize(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("at least one thread: " + threads);
      }
      this.threadPoolSize = threads;
      return this;
    }

    /**
     * RFC 3261 timer T1 for client transactions (the stack's default is 500 ms): Timer F, after
     * which a transaction without final response fails with TIMEOUT, is 64 times T1.
     *
     * @throws IllegalArgumentException if not 1 ms to 1 minute
     */
    public Builder retransmitTimer(Duration t1) {
      this.retransmitTimer = inRange(t1, Duration.ofMinutes(1), "T1");
      return this;
    }

    /**
     * How long opening a TCP or TLS connection to a peer may take before the requests waiting on it
     * fail with {@link TransportException.Kind#UNREACHABLE} (default 5 seconds; for TLS the TCP
     * connection, the handshake then has {@link #tlsHandshakeTimeout}). A peer that drops
     * connection attempts (a firewall, a host that is down) is thus found unreachable long before
     * Timer F, and without it the operating system would try for about two minutes. Five seconds
     * let a connection succeed after two lost SYNs (Linux sends them at 0, 1 and 3 s) on any
     * ordinary network, and leave the engine most of Timer F's 32 s to act. No effect over UDP.
     *
     * @throws IllegalArgumentException if not 1 ms to 5 minutes
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = inRange(timeout, Duration.ofMinutes(5), "connect timeout");
      return this;
    }

    /**
     * The UDP socket's receive and send buffers, in bytes (default 4 MiB; the stack's own default
     * is 64 KiB). A burst of NOTIFYs larger than the receive buffer is dropped by the kernel and
     * costs the notifier a retransmission: in the NOTIFY load test (benchmarks/load) 4 MiB lifted
     * the rate held without loss from about 3,300/s to about 10,500/s. The kernel grants at most
     * {@code net.core.rmem_max} / {@code wmem_max} (208 KiB on many Linux systems), without an
     * error; the transport logs what it was granted when it binds, and a warning with the {@code
     * sysctl} to run when the cap is below what was asked. No effect over TCP or TLS.
     *
     * @throws IllegalArgumentException if not 8 KiB to 64 MiB
     */
    public Builder udpBufferBytes(int bytes) {
      if (bytes < 8 * 1024 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("UDP buffer size out of range: " + bytes);
      }
      this.udpBufferBytes = bytes;
      return this;
    }

    /**
     * At most this many received UDP datagrams wait for the stack's thread (default 2,000), each in
     * a buffer of its own length. Past three quarters of it, requests are dropped on arrival; past
     * all of it, responses too: as if the network had lost them, so that their senders retransmit
     * them (a NOTIFY is sent again after T1, 500 ms, then at doubling intervals) while the memory
     * held and the time a datagram waits stay bounded. The stack's own UDP queue has no bound, and
     * holds 64 KiB per datagram. No effect over TCP or TLS, where the connection's flow control
     * holds the sender back.
     *
     * @throws IllegalArgumentException if not 1 to 1,000,000
     */
    public Builder udpQueue(int datagrams) {
      if (datagrams < 1 || datagrams > 1_000_000) {
        throw new IllegalArgumentException("UDP queue out of range: " + datagrams);
      }
      this.udpQueue = datagrams;
      return this;
    }

    /**
     * At most this many received requests handed to the engine and not answered yet (default
     * 10,000). A new request beyond it is dropped before any transaction is made for it, so that
     * its sender retransmits it: the queues of the engine above stay bounded when it falls behind.
     * Retransmissions of requests already taken are answered by their transactions as usual.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxUnansweredRequests(int requests) {
      if (requests < 1) {
        throw new IllegalArgumentException("at least one request: " + requests);
      }
      this.maxUnansweredRequests = requests;
      return this;
    }

    /**
     * The transport's send threads (default 4), which resolve next hops, open connections and hand
     * requests to the stack, so that {@link JainSipTransport#send} does not wait for any of it:
     * requests to one next hop go one after another, in the order of the {@code send} calls;
     * requests to different next hops go side by side, at most this many at once. A thread ends
     * after a few idle seconds.
     *
     * @throws IllegalArgumentException if not 1 to 256
     */
    public Builder sendThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("send threads out of range: " + threads);
      }
      this.sendThreads = threads;
      return this;
    }

    /**
     * The TLS settings for {@link Protocol#TLS}, which needs them: the context's key managers give
     * this transport's certificate (which the listening side needs, and the connecting side only if
     * the peer asks for one), its trust managers decide which peers' certificates are accepted. The
     * context must be initialized. JAIN-SIP's own key store properties are not used.
     */
    public Builder tls(SSLContext context) {
      this.tlsContext = Objects.requireNonNull(context, "context");
      this.tlsOptionsSet = true;
      return this;
    }

    /**
     * The TLS protocol versions to enable, as the JDK names them ({@code "TLSv1.3"}, {@code
     * "TLSv1.2"}); default: the context's defaults (on JDK 17, TLSv1.3 and TLSv1.2).
     *
     * @throws IllegalArgumentException if none is given or one is blank
     */
    public Builder tlsProtocols(String... protocols) {
      this.tlsProtocols = names(protocols, "protocol");
      this.tlsOptionsSet = true;
      return this;
    }

    /**
     * The cipher suites to enable, as the JDK names them ({@code "TLS_AES_128_GCM_SHA256"}, {@code
     * "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}); default: the context's defaults.
     *
     * @throws IllegalArgumentException if none is given or one is blank
     */
    public Builder tlsCipherSuites(String... suites) {
      this.tlsCipherSuites = names(suites, "cipher suite");
      this.tlsOptionsSet = true;
      return this;
    }

    /**
     * Whether connections this transport accepts must present a client certificate that the
     * context's trust managers accept (default false: none is asked for, as most SIP servers do;
     * RFC 5922 authenticates the server side). Connections this transport opens present the
     * context's certificate when the peer asks, whatever this says.
     */
    public Builder tlsRequireClientCertificate(boolean require) {
      this.tlsRequireClientCertificate = require;
      this.tlsOptionsSet = true;
      return this;
    }

    /**
     * Whether a connection this transport opens checks that the peer's certificate names the host
     * it was opened to: the host of the outbound proxy, first Route or Request-URI, as a DNS name
     * or an IP address in the certificate's subject alternative names (the JDK's {@code HTTPS}
     * endpoint identification, close to RFC 5922 section 7.2, though it accepts wildcards). Default
     * true; false trusts any certificate the trust managers accept, whatever its names.
     */
    public Builder tlsVerifyHostname(boolean verify) {
      this.tlsVerifyHostname = verify;
      this.tlsOptionsSet = true;
      return this;
    }

    /**
     * How long a TLS handshake may take (default 10 seconds), on a connection this transport opens
     * (once connected, within {@link #connectTimeout}) or accepts. Past it the connection is
     * closed, and a request waiting on it fails with UNREACHABLE.
     *
     * @throws IllegalArgumentException if not 1 ms to 5 minutes
     */
    public Builder tlsHandshakeTimeout(Duration timeout) {
      this.tlsHandshakeTimeout = inRange(timeout, Duration.ofMinutes(5), "TLS handshake timeout");
      this.tlsOptionsSet = true;
      return this;
    }

    private static String[] names(String[] given, String what) {
      Objects.requireNonNull(given, what + "s");
      if (given.length == 0) {
        throw new IllegalArgumentException("at least one TLS " + what);
      }
      for (String name : given) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
          throw new IllegalArgumentException("a blank TLS " + what);
        }
      }
      return given.clone();
    }

    /** {@code host}, if it is not blank and {@code port} is {@code minPort} to 65535. */
    private static String address(String host, int port, int minPort, String what) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || port < minPort || port > 65535) {
        throw new IllegalArgumentException("not a " + what + " address: " + host + ":" + port);
      }
      return host;
    }

    /** {@code value}, if it is 1 ms to {@code max}; else an IllegalArgumentException. */
    private static Duration inRange(Duration value, Duration max, String what) {
      Objects.requireNonNull(value, what);
      if (value.toMillis() < 1 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(what + " out of range: " + value);
      }
      return value;
    }

    /**
     * Creates the stack and binds its listening point; {@link JainSipTransport#start} then begins
     * receiving.
     *
     * @throws IllegalStateException if the protocol is TLS and no {@link #tls(SSLContext)} was
     *     given, or TLS options were given for another protocol
     * @throws IllegalArgumentException if the SSLContext is not initialized or does not support a
     *     protocol or cipher suite asked for
     * @throws SepException if the stack cannot be created or the address not bound
     */
    public JainSipTransport build() {
      if (protocol == Protocol.TLS) {
        if (tlsContext == null) {
          throw new IllegalStateException(
              "Protocol.TLS needs an SSLContext: call tls(context) on the builder");
        }
        tls =
            TlsOptions.of(
                tlsContext,
                tlsProtocols,
                tlsCipherSuites,
                tlsRequireClientCertificate,
                tlsVerifyHostname,
                tlsHandshakeTimeout);
      } else if (tlsOptionsSet) {
        throw new IllegalStateException(
            "TLS options were given but the protocol is " + protocol + ": use Protocol.TLS");
      }
      return new JainSipTransport(this);
    }
  }
}
