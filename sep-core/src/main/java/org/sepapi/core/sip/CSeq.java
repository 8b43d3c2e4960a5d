package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Objects;
import org.sepapi.core.internal.SipSyntax;

/**
 * A CSeq header: sequence number and method. Immutable and thread-safe.
 *
 * @param sequence 0 to 2^32 - 1: RFC 3261 section 8.1.1.5 makes it a 32-bit unsigned integer (a UAC
 *     starts below 2^31, and the number grows from there)
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
   * Reads {@code number method}, the two separated by spaces or tabs (RFC 3261 LWS).
   *
   * @throws SipParseException if the value is not {@code number method}
   * @throws NullPointerException if {@code text} is null
   */
  public static CSeq parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
    int space = 0;
    while (space < value.length() && value.charAt(space) != ' ' && value.charAt(space) != '\t') {
      space++;
    }
    if (space == value.length()) {
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
