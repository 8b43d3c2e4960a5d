package org.sepapi.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sepapi.core.sip.CSeq;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.sip.Via;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;
import org.sepapi.testkit.InMemorySipNetwork.Flight;
import org.sepapi.testkit.InMemorySipNetwork.Packet;

/**
 * One host's transport on an {@link InMemorySipNetwork}; the network's javadoc says how it behaves.
 * Thread-safe: its state is guarded by the network's lock, and it never calls a listener or handler
 * with the lock held.
 */
final class InMemoryTransport implements SipTransport {
  /** The listener of a CANCEL: its responses are not reported (see {@link ClientTransaction}). */
  private static final ResponseListener ABSORB =
      new ResponseListener() {
        @Override
        public void onFinal(SipResponse response) {}

        @Override
        public void onFailure(TransportException failure) {}
      };

  private final InMemorySipNetwork network;
  private final String host;
  private final SipUri contact;

  // guarded by network
  private IncomingRequestHandler handler;
  private boolean started;
  private boolean closed;
  private final Map<String, Client> clients = new HashMap<>();
  private final Map<String, Server> servers = new HashMap<>();
  private final ArrayDeque<Server> completed = new ArrayDeque<>();

  InMemoryTransport(InMemorySipNetwork network, String host) {
    this.network = network;
    this.host = host;
    this.contact = SipUri.parse("sip:" + host + ":" + InMemorySipNetwork.PORT);
  }

  String host() {
    return host;
  }

  /** Whether requests sent here reach a handler. Called with the network locked. */
  boolean isListening() {
    return started && !closed;
  }

  @Override
  public void start(IncomingRequestHandler handler) {
    Objects.requireNonNull(handler, "handler");
    synchronized (network) {
      if (closed) {
        throw new IllegalStateException(host + ": the transport is closed");
      }
      if (started) {
        throw new IllegalStateException(host + ": the transport is started already");
      }
      this.handler = handler;
      started = true;
    }
  }

  @Override
  public ClientTransaction send(SipRequest request, ResponseListener listener) {
    Client[] sent = new Client[1];
    sendRequest(request, listener, sent);
    Client client = sent[0];
    return client == null ? ClientTransaction.none() : client::cancel;
  }

  /** Sends {@code request} and returns it as it went on the wire. */
  SipRequest sendRequest(SipRequest request, ResponseListener listener) {
    return sendRequest(request, listener, new Client[1]);
  }

  private SipRequest sendRequest(SipRequest request, ResponseListener listener, Client[] sent) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    synchronized (network) {
      if (closed) {
        throw new IllegalStateException(host + ": the transport is closed");
      }
      if (!started) {
        throw new IllegalStateException(host + ": the transport is not started");
      }
      String branch = network.nextBranch();
      SipRequest wire =
          request.toBuilder()
              .headers(
                  request
                      .headers()
                      .addFirst(
                          "Via",
                          "SIP/2.0/UDP "
                              + host
                              + ":"
                              + InMemorySipNetwork.PORT
                              + ";branch="
                              + branch)
                      .with("Content-Length", Integer.toString(request.bodyLength())))
              .build();
      Client transaction = null;
      if (!request.method().equals("ACK")) {
        transaction = new Client(branch, wire, listener);
        sent[0] = transaction;
        clients.put(transaction.key, transaction);
        transaction.timer =
            network
                .scheduler()
                .schedule(InMemorySipNetwork.TRANSACTION_TIMEOUT, transaction::timeout);
      }
      String destination;
      try {
        destination = InMemorySipNetwork.destination(request);
      } catch (SipParseException e) {
        if (transaction != null) {
          transaction.fail(
              TransportException.Kind.SEND_FAILED, "no destination: " + e.getMessage());
        }
        return wire;
      }
      network.transmit(new Flight(new Packet(host, destination, wire), transaction));
      return wire;
    }
  }

  @Override
  public SipUri contactUri() {
    return contact;
  }

  @Override
  public void close() {
    synchronized (network) {
      if (closed) {
        return;
      }
      closed = true;
      network.unbind(this);
      for (Client transaction : List.copyOf(clients.values())) {
        transaction.fail(TransportException.Kind.CLOSED, host + ": the transport was closed");
      }
      servers.clear();
      completed.clear();
    }
  }

  /**
   * A request arrives. Called with the network locked; returns what to call once it is unlocked, or
   * null.
   */
  Runnable receiveRequest(SipRequest request) {
    forgetExpired();
    Via top;
    try {
      top = request.vias().get(0);
    } catch (SipParseException | IndexOutOfBoundsException e) {
      return null; // a real transport drops what it cannot read
    }
    String key = top.branch().orElse("") + " " + top.host() + " " + request.method();
    Server existing = servers.get(key);
    if (existing != null) {
      existing.retransmitLastResponse();
      return null;
    }
    Server transaction = new Server(request, key, top.host());
    servers.put(key, transaction);
    if (request.method().equals("ACK")) {
      transaction.complete(); // no response; remembered only to absorb copies
    }
    IncomingRequestHandler target = handler;
    return () -> target.onRequest(transaction);
  }

  /**
   * A response arrives. Called with the network locked; returns what to call once it is unlocked,
   * or null if it matches no client transaction.
   */
  Runnable receiveResponse(SipResponse response) {
    String key;
    try {
      List<Via> vias = response.vias();
      CSeq cseq = response.cseq();
      if (vias.isEmpty()) {
        return null;
      }
      key = vias.get(0).branch().orElse("") + " " + cseq.method();
    } catch (SipParseException e) {
      return null;
    }
    Client transaction = clients.get(key);
    if (transaction == null) {
      return null; // a stray or a retransmitted final response: absorbed
    }
    if (response.isProvisional()) {
      if (transaction.method.equals("INVITE") && !transaction.provisional) {
        transaction.provisional = true;
        if (transaction.timer != null) {
          transaction.timer.cancel(); // Timer B stops in the Proceeding state
          transaction.timer = null;
        }
        if (transaction.cancelRequested) {
          transaction.sendCancel();
        }
      }
      return () -> transaction.listener.onProvisional(response);
    }
    clients.remove(key);
    if (transaction.timer != null) {
      transaction.timer.cancel();
    }
    return () -> transaction.listener.onFinal(response);
  }

  /** Timer J: forgets server transactions completed more than 32 s ago. */
  private void forgetExpired() {
    Instant now = network.scheduler().clock().instant();
    while (!completed.isEmpty() && !completed.peekFirst().forgetAt.isAfter(now)) {
      Server server = completed.pollFirst();
      servers.remove(server.key, server);
    }
  }

  /** A request sent and waiting for its final response. Guarded by the network's lock. */
  final class Client {
    final String key;
    final String method;
    final SipRequest wire;
    final ResponseListener listener;
    final SipUri target;
    Scheduler.Cancellable timer;
    boolean provisional;
    boolean cancelRequested;
    boolean cancelSent;

    Client(String branch, SipRequest wire, ResponseListener listener) {
      this.method = wire.method();
      this.key = branch + " " + method;
      this.wire = wire;
      this.listener = listener;
      this.target = wire.requestUri();
    }

    /** RFC 3261 section 9.1: a CANCEL once a provisional response has come. */
    void cancel() {
      synchronized (network) {
        if (!method.equals("INVITE") || cancelRequested || !clients.containsKey(key)) {
          return;
        }
        cancelRequested = true;
        if (provisional) {
          sendCancel();
        }
      }
    }

    /**
     * Sends the CANCEL: the INVITE's Request-URI, Call-ID, From, To, Route, CSeq number and top
     * Via; its own responses are absorbed. Timer B runs again: an INVITE that gets no final
     * response within it after the CANCEL fails with TIMEOUT. Called with the network locked.
     */
    void sendCancel() {
      if (cancelSent || closed) {
        return;
      }
      cancelSent = true;
      SipRequest.Builder cancel =
          SipRequest.builder("CANCEL", wire.requestUri())
              .header("Via", wire.headers().elements("Via").get(0))
              .header("Max-Forwards", "70")
              .header("From", wire.header("From").orElse(""))
              .header("To", wire.header("To").orElse(""))
              .header("Call-ID", wire.header("Call-ID").orElse(""))
              .header("CSeq", wire.cseq().sequence() + " CANCEL");
      for (String route : wire.headers().elements("Route")) {
        cancel.header("Route", route);
      }
      SipRequest request = cancel.header("Content-Length", "0").build();
      String branch = key.substring(0, key.indexOf(' '));
      Client absorbing = new Client(branch, request, ABSORB);
      clients.put(absorbing.key, absorbing);
      absorbing.timer =
          network.scheduler().schedule(InMemorySipNetwork.TRANSACTION_TIMEOUT, absorbing::timeout);
      timer = network.scheduler().schedule(InMemorySipNetwork.TRANSACTION_TIMEOUT, this::timeout);
      String destination;
      try {
        destination = InMemorySipNetwork.destination(request);
      } catch (SipParseException e) {
        return; // the INVITE went there, so it cannot happen
      }
      network.transmit(new Flight(new Packet(host, destination, request), absorbing));
    }

    /** Timer F (or B) fired. */
    void timeout() {
      synchronized (network) {
        if (!clients.remove(key, this)) {
          return;
        }
        timer = null;
      }
      listener.onFailure(
          new TransportException(
              TransportException.Kind.TIMEOUT,
              "no final response to "
                  + method
                  + " "
                  + target
                  + " within "
                  + InMemorySipNetwork.TRANSACTION_TIMEOUT.toSeconds()
                  + " s"));
    }

    /**
     * Ends the transaction with a failure, told to the listener by a task of its own (never inside
     * the call that caused it). Called with the network locked.
     */
    void fail(TransportException.Kind kind, String message) {
      if (!clients.remove(key, this)) {
        return;
      }
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
      network
          .scheduler()
          .schedule(Duration.ZERO, () -> listener.onFailure(new TransportException(kind, message)));
    }
  }

  /** A received request and what it was answered. Thread-safe via the network's lock. */
  private final class Server implements ServerTransaction {
    private final SipRequest request;
    private final String key;
    private final String sender;
    private SipResponse last;
    private boolean finished;
    private Instant forgetAt;

    Server(SipRequest request, String key, String sender) {
      this.request = request;
      this.key = key;
      this.sender = sender;
    }

    @Override
    public SipRequest request() {
      return request;
    }

    @Override
    public void respond(SipResponse response) {
      Objects.requireNonNull(response, "response");
      synchronized (network) {
        if (finished || closed) {
          return;
        }
        int length = response.body().map(Body::length).orElse(0);
        SipResponse wire =
            response.toBuilder().setHeader("Content-Length", Integer.toString(length)).build();
        last = wire;
        if (!wire.isProvisional()) {
          complete();
        }
        network.transmit(new Flight(new Packet(host, replyHost(wire), wire), null));
      }
    }

    /** The host a response goes to: its top Via's, or the request's if it has none. */
    private String replyHost(SipResponse response) {
      try {
        List<Via> vias = response.vias();
        return vias.isEmpty() ? sender : vias.get(0).host();
      } catch (SipParseException e) {
        return sender;
      }
    }

    void complete() {
      finished = true;
      forgetAt = network.scheduler().clock().instant().plus(InMemorySipNetwork.TRANSACTION_TIMEOUT);
      completed.addLast(this);
    }

    /** The request came again: the last response goes again (RFC 3261 section 17.2.2). */
    void retransmitLastResponse() {
      if (last != null && !closed) {
        network.transmit(new Flight(new Packet(host, replyHost(last), last), null));
      }
    }
  }
}
