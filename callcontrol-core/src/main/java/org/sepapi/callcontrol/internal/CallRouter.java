package org.sepapi.callcontrol.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.spi.SipTransport.IncomingRequestHandler;
import org.sepapi.core.spi.SipTransport.ServerTransaction;

/**
 * Hands each request a phone sends in one of the controller's dialogs (BYE, NOTIFY, re-INVITE, ACK)
 * to the call that owns the dialog, by Call-ID, on that call's executor. Answers what belongs to no
 * call: 481 to a request in an unknown dialog, 200 to OPTIONS, 405 to a new call (the controller
 * takes none), 400 to a request it cannot read. Runs on the transport's threads and only looks up
 * and hands off. Thread-safe.
 */
public final class CallRouter implements IncomingRequestHandler {
  private static final System.Logger LOG = System.getLogger(CallRouter.class.getName());

  /** The methods the controller takes, for Allow headers. */
  static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY, REFER";

  private final ConcurrentHashMap<String, CallMachine> calls = new ConcurrentHashMap<>();

  void register(String callId, CallMachine call) {
    calls.put(callId, call);
  }

  void unregister(String callId, CallMachine call) {
    calls.remove(callId, call);
  }

  @Override
  public boolean owns(SipRequest request) {
    try {
      return calls.containsKey(request.callId());
    } catch (SipParseException e) {
      return false;
    }
  }

  @Override
  public void onRequest(ServerTransaction transaction) {
    SipRequest request = transaction.request();
    try {
      CallMachine call = calls.get(request.callId());
      if (call != null) {
        call.executor().execute(() -> call.onRequest(transaction));
        return;
      }
      switch (request.method()) {
        case "ACK" -> {}
        case "OPTIONS" ->
            transaction.respond(SipResponse.to(request, 200).header("Allow", ALLOW).build());
        case "INVITE" -> {
          if (request.to().tag().isPresent()) {
            answer(transaction, 481);
          } else {
            transaction.respond(SipResponse.to(request, 405).header("Allow", ALLOW).build());
          }
        }
        default -> answer(transaction, 481);
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

  static void answer(ServerTransaction transaction, int status) {
    if (transaction.request().method().equals("ACK")) {
      return;
    }
    try {
      transaction.respond(SipResponse.to(transaction.request(), status).build());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "could not answer: " + e.getMessage());
    }
  }
}
