package org.sepapi.benchmarks.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;

/**
 * A transport that is its own registrar, with no network and no parsing: every SUBSCRIBE is
 * answered 200 at once and followed by a full reginfo NOTIFY, and {@link #notifyPartial(int)} sends
 * the next partial NOTIFY of one subscription. It measures the engine alone (the transport is
 * excluded from the figures). Not thread-safe: one benchmark thread drives it.
 */
final class LoopbackNotifier implements SipTransport {
  private static final SipUri CONTACT = SipUri.parse("sip:gateway.bench:5060");
  private static final String REGINFO = "application/reginfo+xml";

  private IncomingRequestHandler handler;
  private final ArrayList<Dialog> dialogs = new ArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong tags = new AtomicLong();

  /** One subscription dialog, as the notifier sees it. */
  private static final class Dialog {
    final SipRequest subscribe;
    final String toTag;
    final String aor;
    SipRequest template;
    long cseq;
    long version;

    Dialog(SipRequest subscribe, String toTag) {
      this.subscribe = subscribe;
      this.toTag = toTag;
      this.aor = subscribe.requestUri().toString();
    }
  }

  @Override
  public void start(IncomingRequestHandler handler) {
    this.handler = handler;
  }

  @Override
  public ClientTransaction send(SipRequest request, ResponseListener listener) {
    if (!request.method().equals("SUBSCRIBE")) {
      return ClientTransaction.none();
    }
    long expires = request.expires().orElse(3600);
    String toTag = "n" + tags.incrementAndGet();
    listener.onFinal(
        SipResponse.to(request, 200)
            .toTag(toTag)
            .header("Contact", "<sip:registrar.bench:5060>")
            .header("Expires", Long.toString(expires))
            .build());
    if (expires == 0 || request.to().tag().isPresent()) {
      return ClientTransaction.none();
    }
    Dialog dialog = new Dialog(request, toTag);
    dialogs.add(dialog);
    deliver(dialog, "active;expires=" + expires, fullReginfo(dialog.aor, dialog.version));
    return ClientTransaction.none();
  }

  /** How many subscriptions the notifier holds. */
  int size() {
    return dialogs.size();
  }

  /** Drops the notifier's records of its subscriptions, so that only the engine's heap remains. */
  void forget() {
    dialogs.clear();
    dialogs.trimToSize();
  }

  /** How many NOTIFYs the engine has answered. */
  long answered() {
    return answered.get();
  }

  /** Sends subscription {@code index} its next partial NOTIFY: one contact refreshed. */
  void notifyPartial(int index) {
    Dialog dialog = dialogs.get(index);
    dialog.version++;
    deliver(dialog, "active;expires=3000", partialReginfo(dialog.aor, dialog.version));
  }

  /**
   * Sends the dialog's next NOTIFY: its headers built once (as a transport would hand them over
   * once read), the CSeq, state and body new each time.
   */
  private void deliver(Dialog dialog, String state, byte[] body) {
    if (dialog.template == null) {
      SipRequest subscribe = dialog.subscribe;
      dialog.template =
          SipRequest.builder("NOTIFY", CONTACT)
              .header("Via", "SIP/2.0/UDP registrar.bench:5060;branch=z9hG4bKbench")
              .header("Max-Forwards", "70")
              .header("From", "<" + dialog.aor + ">;tag=" + dialog.toTag)
              .header("To", subscribe.headers().first("From").orElseThrow())
              .header("Call-ID", subscribe.callId())
              .header("CSeq", "0 NOTIFY")
              .header("Contact", "<sip:registrar.bench:5060>")
              .header("Event", "reg")
              .header("Subscription-State", state)
              .build();
    }
    SipRequest notify =
        dialog.template.toBuilder()
            .setHeader("CSeq", ++dialog.cseq + " NOTIFY")
            .setHeader("Subscription-State", state)
            .body(Body.of(REGINFO, body))
            .build();
    handler.onRequest(
        new ServerTransaction() {
          @Override
          public SipRequest request() {
            return notify;
          }

          @Override
          public void respond(SipResponse response) {
            answered.incrementAndGet();
          }
        });
  }

  static byte[] fullReginfo(String aor, long version) {
    return ("<?xml version=\"1.0\"?>\n"
            + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\""
            + version
            + "\" state=\"full\">\n"
            + "  <registration aor=\""
            + aor
            + "\" id=\"r1\" state=\"active\">\n"
            + "    <contact id=\"c1\" state=\"active\" event=\"registered\" expires=\"3600\">\n"
            + "      <uri>sip:desk@192.0.2.10:5060</uri>\n"
            + "    </contact>\n"
            + "    <contact id=\"c2\" state=\"active\" event=\"registered\" expires=\"3600\">\n"
            + "      <uri>sip:mobile@198.51.100.7:5060;transport=tcp</uri>\n"
            + "    </contact>\n"
            + "  </registration>\n"
            + "</reginfo>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] partialReginfo(String aor, long version) {
    return ("<?xml version=\"1.0\"?>\n"
            + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\""
            + version
            + "\" state=\"partial\">\n"
            + "  <registration aor=\""
            + aor
            + "\" id=\"r1\" state=\"active\">\n"
            + "    <contact id=\"c1\" state=\"active\" event=\"refreshed\" expires=\""
            + (3600 - version % 600)
            + "\">\n"
            + "      <uri>sip:desk@192.0.2.10:5060</uri>\n"
            + "    </contact>\n"
            + "  </registration>\n"
            + "</reginfo>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public SipUri contactUri() {
    return CONTACT;
  }

  @Override
  public void close() {}
}
