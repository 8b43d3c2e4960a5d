package org.sepapi.rest;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.Body;
import org.sepapi.testkit.MockSipPeer;

/**
 * Every user's phone at the PBX: one {@link MockSipPeer} that receives the controller's requests
 * for all users, read here by user (the Request-URI's user part of a new INVITE) or by dialog
 * (Call-ID), so that tests sharing the PBX never take each other's requests. Thread-safe.
 */
final class Phones {
  static final String SDP =
      "v=0\r\no=phone 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
          + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  final MockSipPeer peer;
  private final Set<SipRequest> taken = Collections.newSetFromMap(new IdentityHashMap<>());

  Phones(MockSipPeer peer) {
    this.peer = peer;
  }

  /** The first INVITE not taken yet that starts a call to {@code user}'s phone. */
  SipRequest invite(String user) {
    return take(
        r ->
            r.method().equals("INVITE")
                && r.to().tag().isEmpty()
                && r.requestUri().user().orElse("").equals(user),
        "a new INVITE for " + user);
  }

  /** The first {@code method} request not taken yet in the dialog with {@code callId}. */
  SipRequest request(String method, String callId) {
    return take(
        r -> r.method().equals(method) && r.callId().equals(callId),
        "a " + method + " with Call-ID " + callId);
  }

  /** Whether a request that matches {@code filter} arrived, taken or not. */
  boolean received(Predicate<SipRequest> filter) {
    return peer.requests().stream().anyMatch(filter);
  }

  /** Whether any request at all arrived for {@code user} (in its Request-URI or To). */
  boolean receivedFor(String user) {
    return received(
        r ->
            r.requestUri().user().orElse("").equals(user)
                || r.to().uri().user().orElse("").equals(user));
  }

  /** The phone answers {@code invite} 200 with an SDP body. */
  void answer(SipRequest invite) {
    peer.respond(invite, peer.response(invite, 200).body(Body.of("application/sdp", SDP)).build());
  }

  /** A sipfrag NOTIFY from the phone in the dialog of {@code refer}. */
  void notifyFrag(SipRequest refer, String statusLine, String state) {
    peer.notifyFor(refer)
        .state(state)
        .header("Event", "refer")
        .body("message/sipfrag;version=2.0", statusLine + "\r\n")
        .send();
  }

  private synchronized SipRequest take(Predicate<SipRequest> filter, String what) {
    List<SipRequest> all = peer.requests();
    for (SipRequest request : all) {
      if (!taken.contains(request) && filter.test(request)) {
        taken.add(request);
        return request;
      }
    }
    throw new AssertionError("the PBX did not receive " + what + "; it received " + all.size());
  }
}
