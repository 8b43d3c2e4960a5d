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
  private final InMemorySipNetwork network;
  private final String host;
  private final SipUri contact;

  // guarded by network
  private IncomingRequestHandler handler;
  private boolean started;
  private boolean closed;
  private final Map<String, ClientTransaction> clients = new HashMap<>();
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
  public void send(SipRequest request, ResponseListener listener) {
    sendRequest(request, listener);
  }

  /** Sends {@code request} and returns it as it went on the wire. */
  SipRequest sendRequest(SipRequest request, ResponseListener listener) {
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
      ClientTransaction transaction = null;
      if (!request.method().equals("ACK")) {
        transaction = new ClientTransaction(branch, request.method(), listener, wire.requestUri());
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
      for (ClientTransaction transaction : List.copyOf(clients.values())) {
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
    ClientTransaction transaction = clients.get(key);
    if (transaction == null) {
      return null; // a stray or a retransmitted final response: absorbed
    }
    if (response.isProvisional()) {
      if (transaction.method.equals("INVITE") && transaction.timer != null) {
        transaction.timer.cancel(); // Timer B stops in the Proceeding state
        transaction.timer = null;
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
  final class ClientTransaction {
    final String key;
    final String method;
    final ResponseListener listener;
    final SipUri target;
    Scheduler.Cancellable timer;

    ClientTransaction(String branch, String method, ResponseListener listener, SipUri target) {
      this.key = branch + " " + method;
      this.method = method;
      this.listener = listener;
      this.target = target;
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
