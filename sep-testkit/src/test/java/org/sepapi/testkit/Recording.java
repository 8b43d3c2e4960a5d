package org.sepapi.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipTransport;
import org.sepapi.core.spi.TransportException;

/** Listeners and handlers that record what they hear, and requests as an engine builds them. */
final class Recording {
  private static final AtomicLong COUNT = new AtomicLong();

  private Recording() {}

  /** What one client transaction heard, in order, as "provisional 180", "final 200", ... */
  static final class Listener implements SipTransport.ResponseListener {
    final List<String> events = new ArrayList<>();
    final List<SipResponse> provisionals = new ArrayList<>();
    SipResponse response;
    TransportException failure;

    @Override
    public synchronized void onProvisional(SipResponse response) {
      events.add("provisional " + response.status());
      provisionals.add(response);
    }

    @Override
    public synchronized void onFinal(SipResponse response) {
      events.add("final " + response.status());
      this.response = response;
    }

    @Override
    public synchronized void onFailure(TransportException failure) {
      events.add("failure " + failure.kind());
      this.failure = failure;
    }

    synchronized List<String> events() {
      return List.copyOf(events);
    }
  }

  /** The requests a transport's handler received, in order. */
  static final class Inbox implements SipTransport.IncomingRequestHandler {
    final List<SipTransport.ServerTransaction> transactions = new ArrayList<>();

    @Override
    public synchronized void onRequest(SipTransport.ServerTransaction transaction) {
      transactions.add(transaction);
    }

    synchronized int size() {
      return transactions.size();
    }

    synchronized SipTransport.ServerTransaction get(int index) {
      return transactions.get(index);
    }

    synchronized SipRequest request(int index) {
      return transactions.get(index).request();
    }
  }

  /** A request from {@code from} to {@code target} with the headers the engine supplies. */
  static SipRequest.Builder request(String method, SipTransport from, SipUri target) {
    return request(method, from.contactUri(), target);
  }

  /** A request from the UA at {@code contact} to {@code target}. */
  static SipRequest.Builder request(String method, SipUri contact, SipUri target) {
    long n = COUNT.incrementAndGet();
    return SipRequest.builder(method, target)
        .header("Max-Forwards", "70")
        .header(
            "From",
            NameAddr.of(SipUri.parse("sip:ua@" + contact.host())).withTag("f" + n).toString())
        .header("To", NameAddr.of(target).toString())
        .header("Call-ID", "call-" + n + "@test")
        .header("CSeq", "1 " + method)
        .header("Contact", NameAddr.of(contact).toString());
  }

  /** A SUBSCRIBE for the dialog package of {@code target}, for 600 s. */
  static SipRequest.Builder subscribe(SipTransport from, SipUri target) {
    return request("SUBSCRIBE", from, target)
        .header("Event", "dialog;id=7")
        .header("Accept", "application/dialog-info+xml")
        .header("Expires", "600");
  }
}
