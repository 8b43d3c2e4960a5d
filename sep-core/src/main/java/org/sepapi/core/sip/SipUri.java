package org.sepapi.core.sip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.sepapi.core.internal.SipSyntax;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 section 19.1): user, host, port, parameters and
 * headers. Scheme and host are kept in lower case, parameter names too; the user part, parameter
 * values and headers are kept exactly as written (escapes are not decoded). Two URIs are equal when
 * those parts are, parameters in any order: a structural equality, not the looser comparison of RFC
 * 3261 section 19.1.4. Immutable and thread-safe.
 *
 * <p>The reader takes what RFC 3261 allows, the torture URIs of RFC 4475 and the IPv6 forms of RFC
 * 5118 included, and refuses what could not be written back or put in a header: white space, quotes
 * and angle brackets anywhere, characters outside the URI alphabet, a host that is not one. So
 * {@code parse(uri.toString())} equals {@code uri} for every URI. Leniencies: {@code #} is allowed
 * in the user part (phones send it unescaped), a parameter with an empty value ({@code ;x=}) is
 * read as a flag, and an empty header part ({@code sip:a@b?}) is dropped.
 */
public final class SipUri {
  private static final String USER_MARKS = "-_.!~*'()%&=+$,;?/:#";
  private static final String PARAM_MARKS = "-_.!~*'()%[]/:&+$`";
  private static final String HEADER_MARKS = "-_.!~*'()%[]/?:+$&=";

  private final String scheme;
  private final String user;
  private final String host;
  private final int port;
  private final Map<String, String> parameters;
  private final String headers;

  private SipUri(
      String scheme,
      String user,
      String host,
      int port,
      Map<String, String> parameters,
      String headers) {
    this.scheme = scheme;
    this.user = user;
    this.host = host;
    this.port = port;
    this.parameters = parameters;
    this.headers = headers;
  }

  /**
   * Reads a URI, surrounding white space ignored. The user part ends at the first {@code @} (no
   * {@code @} may appear unescaped in a user, password, parameter or header), so a {@code ?} or
   * {@code ;} inside the user part (RFC 4475's "intmeth" URI) is read as part of it.
   *
   * @throws SipParseException if it is not a sip or sips URI with a host
   * @throws NullPointerException if {@code text} is null
   */
  public static SipUri parse(String text) {
    Objects.requireNonNull(text, "text");
    String uri = text.strip();
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      throw new SipParseException("not a SIP URI (no scheme): " + text);
    }
    String scheme;
    if (uri.regionMatches(true, 0, "sip", 0, colon) && colon == 3) {
      scheme = "sip";
    } else if (uri.regionMatches(true, 0, "sips", 0, colon) && colon == 4) {
      scheme = "sips";
    } else {
      throw new SipParseException("not a sip or sips URI: " + text);
    }
    String rest = uri.substring(colon + 1);
    String user = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      if (user.isEmpty() || !allOf(user, USER_MARKS)) {
        throw new SipParseException("bad user part in SIP URI: " + text);
      }
      rest = rest.substring(at + 1);
    }
    String headers = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      headers = rest.substring(question + 1);
      rest = rest.substring(0, question);
      if (!allOf(headers, HEADER_MARKS)) {
        throw new SipParseException("bad headers in SIP URI: " + text);
      }
      if (headers.isEmpty()) {
        headers = null;
      }
    }
    int hostEnd;
    if (rest.startsWith("[")) {
      hostEnd = rest.indexOf(']') + 1;
      if (hostEnd == 0) {
        throw new SipParseException("unterminated IPv6 reference in SIP URI: " + text);
      }
    } else {
      hostEnd = 0;
      while (hostEnd < rest.length()
          && rest.charAt(hostEnd) != ':'
          && rest.charAt(hostEnd) != ';') {
        hostEnd++;
      }
    }
    String host = rest.substring(0, hostEnd);
    if (!SipSyntax.isHost(host)) {
      throw new SipParseException("no valid host in SIP URI: " + text);
    }
    int i = hostEnd;
    int port = -1;
    if (i < rest.length() && rest.charAt(i) == ':') {
      int portEnd = rest.indexOf(';', i);
      if (portEnd < 0) {
        portEnd = rest.length();
      }
      port = port(rest.substring(i + 1, portEnd), text);
      i = portEnd;
    }
    if (i < rest.length() && rest.charAt(i) != ';') {
      throw new SipParseException("unexpected text after the host in SIP URI: " + text);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    while (i < rest.length()) {
      int end = rest.indexOf(';', i + 1);
      if (end < 0) {
        end = rest.length();
      }
      String param = rest.substring(i + 1, end);
      int equals = param.indexOf('=');
      String name = equals < 0 ? param : param.substring(0, equals);
      String value = equals < 0 ? "" : param.substring(equals + 1);
      if (name.isEmpty() || !allOf(name, PARAM_MARKS) || !allOf(value, PARAM_MARKS)) {
        throw new SipParseException("bad parameter '" + param + "' in SIP URI: " + text);
      }
      parameters.put(name.toLowerCase(Locale.ROOT), value);
      i = end;
    }
    return new SipUri(
        scheme,
        user,
        // a gateway holds 100,000 URIs of a handful of hosts: one copy of each host name (the
        // JVM's string table lets go of names nothing refers to any more)
        host.toLowerCase(Locale.ROOT).intern(),
        port,
        parameters.isEmpty() ? Map.of() : Collections.unmodifiableMap(parameters),
        headers);
  }

  private static int port(String digits, String text) {
    if (digits.isEmpty() || digits.length() > 5) {
      throw new SipParseException("bad port in SIP URI: " + text);
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new SipParseException("bad port in SIP URI: " + text);
      }
      port = port * 10 + (c - '0');
    }
    if (port > 65535) {
      throw new SipParseException("port out of range in SIP URI: " + text);
    }
    return port;
  }

  private static boolean allOf(String s, String marks) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!SipSyntax.isAlphanumeric(c) && marks.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code sip:user@host}, where {@code host} may carry a port ({@code example.com:5060}).
   *
   * @throws IllegalArgumentException if user or host is not valid, or they would add parameters or
   *     headers to the URI
   */
  public static SipUri of(String user, String host) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    SipUri uri;
    try {
      uri = parse("sip:" + user + "@" + host);
    } catch (SipParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!uri.parameters.isEmpty() || uri.headers != null || !user.equals(uri.user)) {
      throw new IllegalArgumentException("not a plain user and host: " + user + ", " + host);
    }
    return uri;
  }

  public String scheme() {
    return scheme;
  }

  /** The user part as written, a {@code :password} included. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public String host() {
    return host;
  }

  public OptionalInt port() {
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /** The parameters, names in lower case; a flag parameter maps to the empty string. */
  public Map<String, String> parameters() {
    return parameters;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The header part after {@code ?}, as written ({@code subject=x&priority=urgent}). */
  public Optional<String> headers() {
    return Optional.ofNullable(headers);
  }

  /**
   * This URI with parameter {@code name} set (or replaced); an empty value makes a flag such as
   * {@code lr}.
   *
   * @throws IllegalArgumentException if name or value hold characters a URI parameter cannot
   *     (escape them as {@code %HH} first)
   */
  public SipUri withParameter(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !allOf(name, PARAM_MARKS) || !allOf(value, PARAM_MARKS)) {
      throw new IllegalArgumentException("not a URI parameter: " + name + "=" + value);
    }
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.put(name.toLowerCase(Locale.ROOT), value);
    return new SipUri(scheme, user, host, port, Collections.unmodifiableMap(copy), headers);
  }

  /** The address of record: scheme, user and host, without port, parameters or headers. */
  public SipUri addressOfRecord() {
    return new SipUri(scheme, user, host, -1, Map.of(), null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipUri other
        && scheme.equals(other.scheme)
        && Objects.equals(user, other.user)
        && host.equals(other.host)
        && port == other.port
        && parameters.equals(other.parameters)
        && Objects.equals(headers, other.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, user, host, port, parameters, headers);
  }

  /** The URI as it goes on the wire. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(64).append(scheme).append(':');
    if (user != null) {
      out.append(user).append('@');
    }
    out.append(host);
    if (port >= 0) {
      out.append(':').append(port);
    }
    for (Map.Entry<String, String> param : parameters.entrySet()) {
      out.append(';').append(param.getKey());
      if (!param.getValue().isEmpty()) {
        out.append('=').append(param.getValue());
      }
    }
    if (headers != null) {
      out.append('?').append(headers);
    }
    return out.toString();
  }
}
