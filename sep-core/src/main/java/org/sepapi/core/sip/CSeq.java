package org.sepapi.core.sip;

import java.util.Locale;
import org.sepapi.core.internal.SipSyntax;

/**
 * A CSeq header: sequence number and method. Immutable.
 *
 * @param sequence 0 to 2^31 - 1 (RFC 3261 section 8.1.1.5)
 * @param method the method, in upper case
 */
public record CSeq(long sequence, String method) {
  public CSeq {
    if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("CSeq out of range: " + sequence);
    }
    if (!SipSyntax.isToken(method)) {
      throw new IllegalArgumentException("a CSeq method is a token: " + method);
    }
    method = method.toUpperCase(Locale.ROOT);
  }

  /**
   * @throws SipParseException if the value is not {@code number method}
   */
  public static CSeq parse(String text) {
    String value = text.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      space = value.indexOf('\t');
    }
    if (space < 0) {
      throw new SipParseException("CSeq: number and method expected: " + text);
    }
    long sequence = SipSyntax.number(value.substring(0, space), "CSeq");
    String method = value.substring(space + 1).strip();
    if (!SipSyntax.isToken(method) || sequence > 0xFFFF_FFFFL) {
      throw new SipParseException("CSeq: bad method or number: " + text);
    }
    return new CSeq(sequence, method);
  }

  @Override
  public String toString() {
    return sequence + " " + method;
  }
}
