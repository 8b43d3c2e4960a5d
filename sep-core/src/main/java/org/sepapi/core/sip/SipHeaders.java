package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * The headers of a SIP message, in order. Names are matched without regard to case and with RFC
 * 3261's compact forms ({@code i} is Call-ID, {@code o} is Event, ...); they are kept in their long
 * form. Immutable; the {@code with}/{@code add}/{@code without} methods return copies.
 */
public final class SipHeaders {
  private static final Map<String, String> COMPACT =
      Map.ofEntries(
          Map.entry("i", "Call-ID"),
          Map.entry("f", "From"),
          Map.entry("t", "To"),
          Map.entry("m", "Contact"),
          Map.entry("v", "Via"),
          Map.entry("o", "Event"),
          Map.entry("c", "Content-Type"),
          Map.entry("l", "Content-Length"),
          Map.entry("k", "Supported"),
          Map.entry("e", "Content-Encoding"),
          Map.entry("s", "Subject"),
          Map.entry("u", "Allow-Events"),
          Map.entry("r", "Refer-To"),
          Map.entry("b", "Referred-By"),
          Map.entry("x", "Session-Expires"));

  private static final SipHeaders EMPTY = new SipHeaders(List.of());

  /** One header line: its name in long form and its value. */
  public record Header(String name, String value) {
    public Header {
      name = canonicalName(name);
      Objects.requireNonNull(value, "value");
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a header value has no line break: " + name);
      }
      value = value.strip();
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

  /** Headers from a list of lines. */
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
    String expanded = COMPACT.get(name.toLowerCase(Locale.ROOT));
    return expanded != null ? expanded : name;
  }

  private static boolean matches(Header header, String canonical) {
    return header.name().equalsIgnoreCase(canonical);
  }

  /** All header lines, in order. */
  public List<Header> all() {
    return headers;
  }

  /** The value of the first header called {@code name}. */
  public Optional<String> first(String name) {
    String canonical = canonicalName(name);
    for (Header header : headers) {
      if (matches(header, canonical)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header called {@code name}, one per line. */
  public List<String> values(String name) {
    String canonical = canonicalName(name);
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
   * Supported, ...), in order.
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
