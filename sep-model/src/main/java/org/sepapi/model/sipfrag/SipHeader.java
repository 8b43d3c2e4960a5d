package org.sepapi.model.sipfrag;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.sepapi.model.internal.SipText;

/**
 * One header of a SIP fragment, its name as written (a compact form such as {@code i} is not
 * expanded) and its value without surrounding whitespace, folded lines joined by one space. {@link
 * #is(String)} matches a name case-insensitively and by either its full or its compact form.
 *
 * <p>Thread-safe (immutable).
 */
public final class SipHeader {
  /** Compact forms of RFC 3261 section 7.3.3 and of the event, REFER and related RFCs. */
  private static final Map<String, String> COMPACT =
      Map.ofEntries(
          Map.entry("i", "call-id"),
          Map.entry("m", "contact"),
          Map.entry("e", "content-encoding"),
          Map.entry("l", "content-length"),
          Map.entry("c", "content-type"),
          Map.entry("f", "from"),
          Map.entry("s", "subject"),
          Map.entry("k", "supported"),
          Map.entry("t", "to"),
          Map.entry("v", "via"),
          Map.entry("o", "event"),
          Map.entry("u", "allow-events"),
          Map.entry("r", "refer-to"),
          Map.entry("b", "referred-by"),
          Map.entry("x", "session-expires"),
          Map.entry("a", "accept-contact"),
          Map.entry("j", "reject-contact"),
          Map.entry("d", "request-disposition"),
          Map.entry("y", "identity"),
          Map.entry("n", "identity-info"));

  private final String name;
  private final String value;

  private SipHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!SipText.isToken(name)) {
      throw new IllegalArgumentException("not a header name: '" + name + "'");
    }
    this.name = name;
    this.value = SipText.lineText(value, "header " + name).strip();
  }

  /**
   * A header.
   *
   * @throws IllegalArgumentException when the name is not a token, or the value holds a line break
   *     or another control character than a tab
   */
  public static SipHeader of(String name, String value) {
    return new SipHeader(name, value);
  }

  /** The full, lower-case name of a header name that may be a compact form. */
  public static String fullName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return COMPACT.getOrDefault(lower, lower);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether this header is the one named, in any case and by its full or compact form. */
  public boolean is(String headerName) {
    return fullName(name).equals(fullName(headerName));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipHeader other && name.equals(other.name) && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value);
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }
}
