package org.sepapi.core.spi;

import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;

/**
 * Sends and receives SIP messages at the transaction level (RFC 3261 section 17): the engine above
 * owns dialogs (Call-ID, tags, CSeq, route sets), the transport owns sockets, retransmissions and
 * transaction timers. The JAIN-SIP transport and the in-memory network of the testkit implement it;
 * every implementation passes the testkit's {@code SipTransportContractTest}.
 *
 * <h2>What a transport does to a request it sends</h2>
 *
 * <ul>
 *   <li>It adds the top Via header with a fresh RFC 3261 branch, and Content-Length; the engine
 *       supplies every other header (From, To, Call-ID, CSeq, Max-Forwards, Contact, Route, ...).
 *   <li>It sends to the first Route header's URI if there is one (loose routing), else to the
 *       Request-URI, unless it was configured with an outbound proxy.
 *   <li>A request other than ACK opens a client transaction: its provisional responses, then
 *       exactly one final response or one failure, reach the listener. An ACK has no responses.
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Implementations are thread-safe. Listener and handler calls come from the transport's threads and
 * must return quickly: the engine only hands them to the executor that owns the dialog. In turn,
 * {@link #send} must not wait for the network (a name lookup, a connection, a TLS handshake): the
 * engine calls it from the executor that owns a subscription, which a peer that does not answer
 * would otherwise hold up.
 */
public interface SipTransport extends AutoCloseable {
  /**
   * Starts receiving: every request that arrives outside a client transaction goes to {@code
   * handler}. Called once, before any {@link #send}.
   */
  void start(IncomingRequestHandler handler);

  /**
   * Sends {@code request} in a new client transaction. Returns without waiting for the network;
   * whatever goes wrong later reaches {@code listener}, never an exception from this call.
   *
   * @return the client transaction, through which an INVITE can be {@linkplain
   *     ClientTransaction#cancel() cancelled}; for an ACK, one that does nothing
   * @throws IllegalStateException if the transport is not started or already closed
   */
  ClientTransaction send(SipRequest request, ResponseListener listener);

  /**
   * The URI that peers reach this transport at, for Contact headers: {@code
   * sip:host:port;transport=udp} and the like.
   */
  SipUri contactUri();

  /** Stops receiving and sending; pending client transactions end with a CLOSED failure. */
  @Override
  void close();

  /** A request sent, waiting for its final response. Thread-safe. */
  interface ClientTransaction {
    /**
     * Cancels an INVITE (RFC 3261 section 9.1): the transport sends a CANCEL with the INVITE's
     * branch, once a provisional response has arrived (at once if one has). The INVITE still ends
     * with exactly one final response or failure reaching its listener: normally a 487, or the 2xx
     * that crossed the CANCEL (the caller then ACKs it and hangs up), or a TIMEOUT failure if the
     * peer does not answer within Timer B's 32 s after the CANCEL. The CANCEL's own response is not
     * reported. Does nothing for other methods, after the final response, or a second time.
     */
    void cancel();

    /** A transaction that has nothing to cancel: an ACK's, or a request that could not be sent. */
    static ClientTransaction none() {
      return () -> {};
    }
  }

  /** Receives the outcome of one client transaction. */
  interface ResponseListener {
    /** A 1xx response; there may be any number, before the final one. */
    default void onProvisional(SipResponse response) {}

    /** The final (2xx to 6xx) response; called at most once. */
    void onFinal(SipResponse response);

    /** The transaction failed without a final response; called at most once, never after it. */
    void onFailure(TransportException failure);
  }

  /** Receives requests that peers send (NOTIFY, BYE, ...). */
  @FunctionalInterface
  interface IncomingRequestHandler {
    /** Handles one request; must return quickly and never throw. */
    void onRequest(ServerTransaction transaction);

    /**
     * Whether {@code request} belongs to this handler: a dialog it created, by Call-ID. Only a
     * {@link org.sepapi.core.SharedSipTransport} asks, to route a request among the handlers that
     * share one transport; the default claims everything. Must be fast and never throw.
     */
    default boolean owns(SipRequest request) {
      return true;
    }
  }

  /**
   * A request received in a server transaction, to be answered. Thread-safe: it may be answered
   * from any thread.
   */
  interface ServerTransaction {
    SipRequest request();

    /**
     * Sends a response. Any number of provisional responses, then one final response; later calls
     * are ignored.
     */
    void respond(SipResponse response);
  }
}
