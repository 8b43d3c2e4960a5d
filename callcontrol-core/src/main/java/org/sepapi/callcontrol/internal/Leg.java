package org.sepapi.callcontrol.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sepapi.core.sip.NameAddr;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipTransport;

/**
 * One of the controller's INVITE dialogs, with the controller as the UAC (RFC 3261 section 12): the
 * Call-ID, the tags, the CSeq, the remote target and the route set, and the requests built from
 * them. The leg to the calling user, and for the INVITE method the leg to the called user.
 *
 * <p>Not thread-safe: confined to its call's executor.
 */
final class Leg {
  /** Which user a leg reaches, for status lines and reasons. */
  enum Side {
    CALLING("calling user"),
    CALLED("called user");

    final String who;

    Side(String who) {
      this.who = who;
    }
  }

  final Side side;
  final String callId;
  private final String localTag;
  private final NameAddr local;
  private final NameAddr to; // the user called, kept through redirects (RFC 3261 8.1.3.4)
  private SipUri remoteUri;
  private final SipUri contact;
  private final Optional<SipUri> outboundProxy;
  private long cseq;
  private long inviteCseq;
  private SipRequest lastInvite;
  private String remoteTag;
  private SipUri remoteTarget;
  private List<String> routeSet = List.of();
  private SipTransport.ClientTransaction pendingInvite;
  private boolean confirmed;
  private boolean ended;

  Leg(
      Side side,
      String callId,
      String localTag,
      NameAddr local,
      SipUri remote,
      SipUri contact,
      Optional<SipUri> outboundProxy) {
    this.side = side;
    this.callId = callId;
    this.localTag = localTag;
    this.local = local;
    this.to = NameAddr.of(remote);
    this.remoteUri = remote;
    this.remoteTarget = remote;
    this.contact = contact;
    this.outboundProxy = outboundProxy;
  }

  /** The initial INVITE (RFC 3261 section 8.1.1), with {@code sdp} as its offer if present. */
  SipRequest invite(Optional<Body> sdp, List<String[]> extraHeaders) {
    SipRequest.Builder builder =
        SipRequest.builder("INVITE", remoteUri)
            .header("Max-Forwards", "70")
            .header("From", local.withTag(localTag).toString())
            .header("To", to.toString())
            .header("Call-ID", callId)
            .header("CSeq", ++cseq + " INVITE")
            .header("Contact", NameAddr.of(contact).toString())
            .header("Allow", CallRouter.ALLOW);
    outboundProxy.ifPresent(
        proxy -> builder.header("Route", "<" + proxy.withParameter("lr", "") + ">"));
    for (String[] header : extraHeaders) {
      builder.header(header[0], header[1]);
    }
    sdp.ifPresent(builder::body);
    inviteCseq = cseq;
    lastInvite = builder.build();
    return lastInvite;
  }

  /**
   * The same INVITE to another target, after a redirect: a new CSeq, the same Call-ID and tag (RFC
   * 3261 section 8.1.3.4).
   */
  SipRequest redirect(SipUri target) {
    remoteUri = target;
    remoteTarget = target;
    inviteCseq = ++cseq;
    lastInvite =
        SipRequest.builder("INVITE", target)
            .headers(lastInvite.headers())
            .setHeader("CSeq", cseq + " INVITE")
            .build();
    if (lastInvite.body().isPresent()) {
      lastInvite = lastInvite.toBuilder().body(lastInvite.body().get()).build();
    }
    return lastInvite;
  }

  /** {@code request} again with its credentials and the next CSeq (RFC 3261 section 22.2). */
  SipRequest resend(SipRequest authorized) {
    long next = ++cseq;
    SipRequest again =
        authorized.toBuilder().setHeader("CSeq", next + " " + authorized.method()).build();
    if (authorized.method().equals("INVITE")) {
      inviteCseq = next;
      lastInvite = again;
    }
    return again;
  }

  /** A request in the dialog (RFC 3261 section 12.2.1.1): BYE, REFER, a re-INVITE. */
  SipRequest inDialog(String method, Optional<Body> body, List<String[]> extraHeaders) {
    SipRequest.Builder builder =
        SipRequest.builder(method, remoteTarget)
            .header("Max-Forwards", "70")
            .header("From", local.withTag(localTag).toString())
            .header("To", toHeader())
            .header("Call-ID", callId)
            .header("CSeq", ++cseq + " " + method);
    addRoutes(builder);
    if (!method.equals("BYE")) {
      builder.header("Contact", NameAddr.of(contact).toString());
    }
    for (String[] header : extraHeaders) {
      builder.header(header[0], header[1]);
    }
    body.ifPresent(builder::body);
    if (method.equals("INVITE")) {
      inviteCseq = cseq;
      lastInvite = builder.build();
      return lastInvite;
    }
    return builder.build();
  }

  /**
   * The ACK of a 2xx to the INVITE with CSeq {@code inviteSequence} (RFC 3261 section 13.2.2.4).
   */
  SipRequest ack(long inviteSequence, Optional<Body> body) {
    SipRequest.Builder builder =
        SipRequest.builder("ACK", remoteTarget)
            .header("Max-Forwards", "70")
            .header("From", local.withTag(localTag).toString())
            .header("To", toHeader())
            .header("Call-ID", callId)
            .header("CSeq", inviteSequence + " ACK");
    addRoutes(builder);
    body.ifPresent(builder::body);
    return builder.build();
  }

  /**
   * A 2xx to the initial INVITE: the dialog is established, with the remote tag, the remote target
   * (the Contact) and the route set (the Record-Route lines, reversed).
   *
   * @throws SipParseException if the response's To, Contact or Record-Route cannot be read
   */
  void established(SipResponse response) {
    if (confirmed) {
      response.contact().ifPresent(c -> remoteTarget = c.uri()); // a re-INVITE's target refresh
      return;
    }
    remoteTag = response.to().tag().orElse(null);
    response.contact().ifPresent(c -> remoteTarget = c.uri());
    List<String> routes = new ArrayList<>();
    for (NameAddr route : response.recordRoutes()) {
      routes.add(0, route.toString());
    }
    routeSet = List.copyOf(routes);
    confirmed = true;
  }

  /** Whether {@code request} (from the phone) is in this dialog: its To tag is ours. */
  boolean matches(SipRequest request) {
    try {
      return request.to().tag().map(localTag::equals).orElse(false)
          && (remoteTag == null || request.from().tag().map(remoteTag::equals).orElse(false));
    } catch (SipParseException e) {
      return false;
    }
  }

  long inviteCseq() {
    return inviteCseq;
  }

  boolean confirmed() {
    return confirmed;
  }

  boolean ended() {
    return ended;
  }

  void end() {
    ended = true;
    pendingInvite = null;
  }

  void pending(SipTransport.ClientTransaction invite) {
    pendingInvite = invite;
  }

  /** Cancels the INVITE in progress, if there is one. */
  void cancel() {
    if (pendingInvite != null) {
      pendingInvite.cancel();
    }
  }

  void answered() {
    pendingInvite = null;
  }

  private String toHeader() {
    return (remoteTag != null ? to.withTag(remoteTag) : to).toString();
  }

  private void addRoutes(SipRequest.Builder builder) {
    if (!routeSet.isEmpty()) {
      for (String route : routeSet) {
        builder.header("Route", route);
      }
    } else {
      outboundProxy.ifPresent(
          proxy -> builder.header("Route", "<" + proxy.withParameter("lr", "") + ">"));
    }
  }
}
