package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * The headers of a SIP message, in order. Names are matched without regard to case and with the
 * compact forms of RFC 3261 and its extensions ({@code i} is Call-ID, {@code o} is Event, ...);
 * they are kept in their long form, and the names of well-known headers in their usual spelling
 * ({@code call-id} becomes {@code Call-ID}). Immutable and thread-safe; the {@code with}/{@code
 * add}/{@code without} methods return copies.
 */
public final class SipHeaders {
  /** The compact forms: RFC 3261 section 7.3.3, RFC 3841, 3892, 4028, 3515, 6665 and 8224. */
  private static final Map<String, String> COMPACT =
      Map.ofEntries(
          Map.entry("a", "Accept-Contact"),
          Map.entry("b", "Referred-By"),
          Map.entry("c", "Content-Type"),
          Map.entry("d", "Request-Disposition"),
          Map.entry("e", "Content-Encoding"),
          Map.entry("f", "From"),
          Map.entry("i", "Call-ID"),
          Map.entry("j", "Reject-Contact"),
          Map.entry("k", "Supported"),
          Map.entry("l", "Content-Length"),
          Map.entry("m", "Contact"),
          Map.entry("o", "Event"),
          Map.entry("r", "Refer-To"),
          Map.entry("s", "Subject"),
          Map.entry("t", "To"),
          Map.entry("u", "Allow-Events"),
          Map.entry("v", "Via"),
          Map.entry("x", "Session-Expires"),
          Map.entry("y", "Identity"));

  /** Well-known names, by their lower-case form, in the spelling of their RFCs. */
  private static final Map<String, String> KNOWN = known();

  private static Map<String, String> known() {
    Map<String, String> known = new HashMap<>();
    for (String name :
        List.of(
            "Accept",
            "Accept-Contact",
            "Accept-Encoding",
            "Accept-Language",
            "Alert-Info",
            "Allow",
            "Allow-Events",
            "Authentication-Info",
            "Authorization",
            "Call-ID",
            "Call-Info",
            "Contact",
            "Content-Disposition",
            "Content-Encoding",
            "Content-Language",
            "Content-Length",
            "Content-Type",
            "CSeq",
            "Date",
            "Error-Info",
            "Event",
            "Expires",
            "From",
            "Identity",
            "In-Reply-To",
            "Max-Forwards",
            "MIME-Version",
            "Min-Expires",
            "Min-SE",
            "Organization",
            "P-Asserted-Identity",
            "P-Preferred-Identity",
            "Path",
            "Priority",
            "Proxy-Authenticate",
            "Proxy-Authorization",
            "Proxy-Require",
            "RAck",
            "Reason",
            "Record-Route",
            "Refer-To",
            "Referred-By",
            "Reject-Contact",
            "Replaces",
            "Reply-To",
            "Request-Disposition",
            "Require",
            "Retry-After",
            "Route",
            "RSeq",
            "Server",
            "Service-Route",
            "Session-Expires",
            "SIP-ETag",
            "SIP-If-Match",
            "Subject",
            "Subscription-State",
            "Supported",
            "Timestamp",
            "To",
            "Unsupported",
            "User-Agent",
            "Via",
            "Warning",
            "WWW-Authenticate")) {
      known.put(name.toLowerCase(Locale.ROOT), name);
    }
    return Map.copyOf(known);
  }

  private static final SipHeaders EMPTY = new SipHeaders(List.of());

  /**
   * One header line: its name in long form and its value, stripped of surrounding white space. Two
   * lines are equal when their names are equal ignoring case and their values are equal.
   */
  public record Header(String name, String value) {
    /**
     * @throws IllegalArgumentException if the name is not a token or the value holds a line break
     */
    public Header {
      name = canonicalName(name);
      Objects.requireNonNull(value, "value");
      if (SipSyntax.hasLineBreak(value)) {
        throw new IllegalArgumentException("a header value has no line break: " + name);
      }
      value = value.strip();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Header other
          && name.equalsIgnoreCase(other.name)
          && value.equals(other.value);
    }

    @Override
    public int hashCode() {
      return 31 * name.toLowerCase(Locale.ROOT).hashCode() + value.hashCode();
    }

    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  private final List<Header> headers;

  private SipHeaders(List<Header> headers) {
    this.headers = headers;
  }

  public static SipHeaders empty() {
    return EMPTY;
  }

  /** Headers from a list of lines, in that order. */
  public static SipHeaders of(List<Header> headers) {
    return new SipHeaders(List.copyOf(headers));
  }

  /**
   * The long form of a header name: compact forms expanded; known names in their usual spelling;
   * others as given.
   *
   * @throws IllegalArgumentException if the name is not a token
   */
  public static String canonicalName(String name) {
    Objects.requireNonNull(name, "name");
    if (!SipSyntax.isToken(name)) {
      throw new IllegalArgumentException("a header name is a token: " + name);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String expanded = COMPACT.get(lower);
    if (expanded != null) {
      return expanded;
    }
    String known = KNOWN.get(lower);
    return known != null ? known : name;
  }

  /**
   * The name to look lines up by: a compact form expanded, any other name as given (lines match it
   * without regard to case). Cheaper than {@link #canonicalName}, and nothing to validate: a name
   * that is not a token matches no line.
   */
  private static String lookupName(String name) {
    if (name.length() == 1) {
      String expanded = COMPACT.get(name.toLowerCase(Locale.ROOT));
      return expanded != null ? expanded : name;
    }
    return name;
  }

  private static boolean matches(Header header, String canonical) {
    String name = header.name();
    // the names of known headers are the same constant strings as the callers' literals
    return name == canonical || name.equalsIgnoreCase(canonical);
  }

  /** All header lines, in order. */
  public List<Header> all() {
    return headers;
  }

  /** The value of the first header called {@code name}. */
  public Optional<String> first(String name) {
    String canonical = lookupName(Objects.requireNonNull(name, "name"));
    for (Header header : headers) {
      if (matches(header, canonical)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header called {@code name}, one per line. */
  public List<String> values(String name) {
    String canonical = lookupName(Objects.requireNonNull(name, "name"));
    List<String> values = new ArrayList<>(2);
    for (Header header : headers) {
      if (matches(header, canonical)) {
        values.add(header.value());
      }
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * The comma-separated elements of every header called {@code name} (Via, Route, Accept,
   * Supported, ...), in order: commas inside quoted strings and angle brackets do not split (see
   * {@link SipSyntax#splitElements}). Only for headers whose grammar is a comma-separated list: a
   * Date or WWW-Authenticate value would be cut apart.
   */
  public List<String> elements(String name) {
    List<String> elements = new ArrayList<>(2);
    for (String value : values(name)) {
      elements.addAll(SipSyntax.splitElements(value));
    }
    return Collections.unmodifiableList(elements);
  }

  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** These headers with one more line at the end. */
  public SipHeaders add(String name, String value) {
    List<Header> copy = new ArrayList<>(headers.size() + 1);
    copy.addAll(headers);
    copy.add(new Header(name, value));
    return new SipHeaders(Collections.unmodifiableList(copy));
  }

  /** These headers with one more line at the start (a new top Via, say). */
  public SipHeaders addFirst(String name, String value) {
    List<Header> copy = new ArrayList<>(headers.size() + 1);
    copy.add(new Header(name, value));
    copy.addAll(headers);
    return new SipHeaders(Collections.unmodifiableList(copy));
  }

  /**
   * These headers with every line called {@code name} replaced by one with {@code value}, where the
   * first of them stood (or at the end).
   */
  public SipHeaders with(String name, String value) {
    String canonical = canonicalName(name);
    List<Header> copy = new ArrayList<>(headers.size() + 1);
    boolean placed = false;
    for (Header header : headers) {
      if (matches(header, canonical)) {
        if (!placed) {
          copy.add(new Header(canonical, value));
          placed = true;
        }
      } else {
        copy.add(header);
      }
    }
    if (!placed) {
      copy.add(new Header(canonical, value));
    }
    return new SipHeaders(Collections.unmodifiableList(copy));
  }

  /**
   * Sets {@code name} in a list of lines the way {@link #with} does, in place: for the builders of
   * requests and responses, which add a dozen lines each and should not copy the list each time.
   */
  static void set(List<Header> lines, String name, String value) {
    String canonical = canonicalName(name);
    int first = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (matches(lines.get(i), canonical)) {
        if (first < 0) {
          first = i;
          lines.set(i, new Header(canonical, value));
        } else {
          lines.remove(i--);
        }
      }
    }
    if (first < 0) {
      lines.add(new Header(canonical, value));
    }
  }

  /** The first value of {@code name} in a list of lines. */
  static Optional<String> first(List<Header> lines, String name) {
    String canonical = lookupName(Objects.requireNonNull(name, "name"));
    for (Header header : lines) {
      if (matches(header, canonical)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** Headers of lines a builder made (copied). */
  static SipHeaders copyOf(List<Header> lines) {
    return lines.isEmpty() ? EMPTY : new SipHeaders(List.copyOf(lines));
  }

  /** These headers without any line called {@code name}. */
  public SipHeaders without(String name) {
    String canonical = canonicalName(name);
    List<Header> copy = new ArrayList<>(headers.size());
    for (Header header : headers) {
      if (!matches(header, canonical)) {
        copy.add(header);
      }
    }
    return new SipHeaders(Collections.unmodifiableList(copy));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipHeaders other && headers.equals(other.headers);
  }

  @Override
  public int hashCode() {
    return headers.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Header header : headers) {
      out.append(header).append("\r\n");
    }
    return out.toString();
  }
}
