package org.sepapi.benchmarks.callcontrol;

import java.util.concurrent.atomic.AtomicLong;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;

/**
 * A transport whose every destination is a phone that answers at once, with no network and no
 * parsing: an INVITE gets 180 and 200 with SDP, a REFER 202 followed by the two sipfrag NOTIFYs of
 * a transfer that succeeds ({@code 100 Trying}, then {@code 200 OK} with the subscription
 * terminated), a BYE 200. Responses and NOTIFYs are handed over on the thread that sends, inside
 * {@link #send}, so the benchmark measures the call controller alone. It counts what it saw, so a
 * run can check that every call went the whole way. Thread-safe.
 */
final class LoopbackPhones implements SipTransport {
  private static final SipUri CONTACT = SipUri.parse("sip:controller.bench:5060;transport=udp");
  private static final String PHONE_SDP =
      "v=0\r\no=phone 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
          + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  private static final Body SDP = Body.of("application/sdp", PHONE_SDP);
  private static final Body TRYING =
      Body.of("message/sipfrag;version=2.0", "SIP/2.0 100 Trying\r\n");
  private static final Body OK = Body.of("message/sipfrag;version=2.0", "SIP/2.0 200 OK\r\n");

  private volatile IncomingRequestHandler handler;
  private final AtomicLong tags = new AtomicLong();
  final AtomicLong invites = new AtomicLong();
  final AtomicLong refers = new AtomicLong();
  final AtomicLong notifiesAnswered200 = new AtomicLong();
  final AtomicLong notifiesAnsweredOther = new AtomicLong();
  final AtomicLong byes = new AtomicLong();
  final AtomicLong others = new AtomicLong();

  @Override
  public void start(IncomingRequestHandler handler) {
    this.handler = handler;
  }

  @Override
  public ClientTransaction send(SipRequest request, ResponseListener listener) {
    switch (request.method()) {
      case "INVITE" -> {
        invites.incrementAndGet();
        String tag = request.to().tag().orElseGet(() -> "p" + tags.incrementAndGet());
        listener.onProvisional(SipResponse.to(request, 180).toTag(tag).build());
        listener.onFinal(
            SipResponse.to(request, 200)
                .toTag(tag)
                .header("Contact", "<" + request.requestUri() + ">")
                .body(SDP)
                .build());
      }
      case "ACK" -> {}
      case "REFER" -> {
        refers.incrementAndGet();
        listener.onFinal(SipResponse.to(request, 202).build());
        notify(request, 1, "active;expires=60", TRYING);
        notify(request, 2, "terminated;reason=noresource", OK);
      }
      case "BYE" -> {
        byes.incrementAndGet();
        listener.onFinal(SipResponse.to(request, 200).build());
      }
      default -> {
        others.incrementAndGet();
        listener.onFinal(SipResponse.to(request, 501).build());
      }
    }
    return ClientTransaction.none();
  }

  /** A NOTIFY of the REFER's implicit subscription, from the phone, in the REFER's dialog. */
  private void notify(SipRequest refer, long cseq, String state, Body frag) {
    SipRequest notify =
        SipRequest.builder("NOTIFY", CONTACT)
            .header("Via", "SIP/2.0/UDP phone.bench:5060;branch=z9hG4bKphone" + cseq)
            .header("Max-Forwards", "70")
            .header("From", refer.headers().first("To").orElseThrow())
            .header("To", refer.headers().first("From").orElseThrow())
            .header("Call-ID", refer.callId())
            .header("CSeq", cseq + " NOTIFY")
            .header("Contact", "<" + refer.requestUri() + ">")
            .header("Event", "refer;id=" + refer.cseq().sequence())
            .header("Subscription-State", state)
            .body(frag)
            .build();
    handler.onRequest(
        new ServerTransaction() {
          @Override
          public SipRequest request() {
            return notify;
          }

          @Override
          public void respond(SipResponse response) {
            (response.status() == 200 ? notifiesAnswered200 : notifiesAnsweredOther)
                .incrementAndGet();
          }
        });
  }

  /** Whether every call sent so far went the whole way: INVITE, REFER, both NOTIFYs taken, BYE. */
  String check(long calls) {
    long invited = invites.get();
    if (invited == calls
        && refers.get() == calls
        && byes.get() == calls
        && notifiesAnswered200.get() == 2 * calls
        && notifiesAnsweredOther.get() == 0
        && others.get() == 0) {
      return "";
    }
    return String.format(
        "calls %d: INVITEs %d, REFERs %d, NOTIFYs answered 200 %d, otherwise %d, BYEs %d, other"
            + " requests %d",
        calls,
        invited,
        refers.get(),
        notifiesAnswered200.get(),
        notifiesAnsweredOther.get(),
        byes.get(),
        others.get());
  }

  @Override
  public SipUri contactUri() {
    return CONTACT;
  }

  @Override
  public void close() {}
}
