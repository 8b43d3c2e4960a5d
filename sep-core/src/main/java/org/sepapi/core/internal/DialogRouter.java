package org.sepapi.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.SipTransport.IncomingRequestHandler;
import org.sepapi.core.spi.SipTransport.ServerTransaction;

/**
 * Hands each incoming NOTIFY to the subscription it belongs to, by Call-ID (which sepapi makes
 * unique per SUBSCRIBE, and which a forked SUBSCRIBE's dialogs share); the subscription checks the
 * local tag and the dialog (RFC 6665 section 4.1.2.4). Runs on the transport's threads and only
 * looks up and hands off. Answers what matches nothing: 481 to an unknown NOTIFY, 405 to other
 * methods, 400 to a request it cannot read. Thread-safe.
 */
public final class DialogRouter implements IncomingRequestHandler {
  private static final System.Logger LOG = System.getLogger(DialogRouter.class.getName());

  private final ConcurrentHashMap<String, SubscriptionStateMachine> machines =
      new ConcurrentHashMap<>();

  void register(String callId, SubscriptionStateMachine machine) {
    machines.put(callId, machine);
  }

  void unregister(String callId, SubscriptionStateMachine machine) {
    machines.remove(callId, machine);
  }

  /** How many subscriptions are registered. */
  public int size() {
    return machines.size();
  }

  /** Whether {@code request} is in a dialog of a registered subscription (by Call-ID). */
  @Override
  public boolean owns(SipRequest request) {
    try {
      return machines.containsKey(request.callId());
    } catch (SipParseException e) {
      return false;
    }
  }

  /** Routes one incoming request. Never throws. */
  @Override
  public void onRequest(ServerTransaction transaction) {
    SipRequest request = transaction.request();
    try {
      switch (request.method()) {
        case "NOTIFY" -> {
          SubscriptionStateMachine machine = machines.get(request.callId());
          if (machine == null) {
            answer(transaction, 481);
          } else {
            machine.executor().execute(() -> machine.onNotify(transaction));
          }
        }
        case "OPTIONS" ->
            transaction.respond(
                SipResponse.to(request, 200).header("Allow", "NOTIFY, OPTIONS").build());
        case "ACK" -> {}
        default ->
            transaction.respond(
                SipResponse.to(request, 405).header("Allow", "NOTIFY, OPTIONS").build());
      }
    } catch (SipParseException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "unreadable " + request.method() + ": " + e.getMessage());
      answer(transaction, 400);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not route a " + request.method(), e);
      answer(transaction, 500);
    }
  }

  private static void answer(ServerTransaction transaction, int status) {
    try {
      transaction.respond(SipResponse.to(transaction.request(), status).build());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "could not answer: " + e.getMessage());
    }
  }
}
