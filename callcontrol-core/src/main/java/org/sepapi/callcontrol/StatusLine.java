package org.sepapi.callcontrol;

import java.time.Instant;
import java.util.Objects;

/**
 * One SIP status line that a call saw: a response on one of the controller's own legs, or a status
 * line that a phone reported in a NOTIFY {@code message/sipfrag} body during a REFER. Immutable.
 *
 * @param time when the controller saw it
 * @param callId the Call-ID of the controller's leg it came on
 * @param method the method of the request it answers ({@code INVITE}, {@code REFER}, {@code BYE}),
 *     or {@code NOTIFY} for a status line reported in a sipfrag body. A CANCEL's own response is
 *     not seen (the transport absorbs it); the cancelled INVITE's 487 is.
 * @param statusLine the status line as received, {@code SIP/2.0 180 Ringing}
 */
public record StatusLine(Instant time, String callId, String method, String statusLine) {
  public StatusLine {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(statusLine, "statusLine");
  }
}
