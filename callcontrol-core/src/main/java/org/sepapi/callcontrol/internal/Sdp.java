package org.sepapi.callcontrol.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.sepapi.core.spi.Body;

/**
 * The few session descriptions the controller writes itself (RFC 4566, RFC 3264): it never sends or
 * receives media, so they describe none. Immutable, thread-safe.
 */
final class Sdp {
  static final String CONTENT_TYPE = "application/sdp";

  private Sdp() {}

  /**
   * An offer that holds no real media (RFC 3725 section 4.4's "black hole"): one inactive audio
   * stream at 0.0.0.0. The calling user's phone answers it and waits, silent, for the REFER or the
   * re-INVITE that brings the real media.
   */
  static Body blackHole(long session) {
    return Body.of(
        CONTENT_TYPE,
        "v=0\r\n"
            + "o=sepapi "
            + session
            + " 1 IN IP4 0.0.0.0\r\n"
            + "s=-\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "t=0 0\r\n"
            + "m=audio 9 RTP/AVP 0\r\n"
            + "a=inactive\r\n");
  }

  /**
   * An answer to {@code offer} that takes none of its media (RFC 3264 section 6): every stream of
   * the offer, in its order, with port 0. For a re-INVITE a phone sends to the controller (a hold,
   * a refresh) and for the ACK of an offer that cannot be passed on.
   */
  static Body rejecting(Optional<Body> offer, long session) {
    StringBuilder answer =
        new StringBuilder(160)
            .append("v=0\r\no=sepapi ")
            .append(session)
            .append(" 2 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n");
    int streams = 0;
    if (offer.isPresent()) {
      String text = new String(offer.get().content(), StandardCharsets.UTF_8);
      for (String line : text.split("\r?\n")) {
        if (line.startsWith("m=")) {
          String[] parts = line.substring(2).split(" ");
          if (parts.length >= 4) {
            answer.append("m=").append(parts[0]).append(" 0");
            for (int i = 2; i < parts.length; i++) {
              answer.append(' ').append(parts[i]);
            }
            answer.append("\r\n");
            streams++;
          }
        }
      }
    }
    if (streams == 0) {
      answer.append("m=audio 0 RTP/AVP 0\r\n");
    }
    return Body.of(CONTENT_TYPE, answer.toString());
  }

  /** Whether {@code body} is a session description. */
  static boolean isSdp(Optional<Body> body) {
    return body.isPresent() && body.get().mediaType().equalsIgnoreCase(CONTENT_TYPE);
  }
}
