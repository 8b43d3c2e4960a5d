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
 * headers. Scheme and host are kept in lower case, parameter names too; two URIs are equal when
 * those parts are, parameters in any order. Immutable.
 */
public final class SipUri {
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
   * Reads a URI.
   *
   * @throws SipParseException if it is not a sip or sips URI with a host
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
    String headers = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      headers = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String user = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      if (user.isEmpty()) {
        throw new SipParseException("empty user part in SIP URI: " + text);
      }
      rest = rest.substring(at + 1);
    }
    int hostEnd;
    if (rest.startsWith("[")) {
      hostEnd = rest.indexOf(']');
      if (hostEnd < 0) {
        throw new SipParseException("unterminated IPv6 reference in SIP URI: " + text);
      }
      hostEnd++;
    } else {
      hostEnd = 0;
      while (hostEnd < rest.length()
          && rest.charAt(hostEnd) != ':'
          && rest.charAt(hostEnd) != ';') {
        hostEnd++;
      }
    }
    String host = rest.substring(0, hostEnd).toLowerCase(Locale.ROOT);
    if (host.isEmpty() || !validHost(host)) {
      throw new SipParseException("no valid host in SIP URI: " + text);
    }
    // a gateway holds 100,000 URIs of a handful of hosts: one copy of each host name (the JVM's
    // string table lets go of names nothing refers to any more)
    host = host.intern();
    int i = hostEnd;
    int port = -1;
    if (i < rest.length() && rest.charAt(i) == ':') {
      int portEnd = rest.indexOf(';', i);
      if (portEnd < 0) {
        portEnd = rest.length();
      }
      long value = SipSyntax.number(rest.substring(i + 1, portEnd), "SIP URI port");
      if (value > 65535) {
        throw new SipParseException("port out of range in SIP URI: " + text);
      }
      port = (int) value;
      i = portEnd;
    }
    Map<String, String> parameters = SipSyntax.parameters(rest, i, "SIP URI " + text);
    return new SipUri(scheme, user, host, port, parameters, headers);
  }

  private static boolean validHost(String host) {
    if (host.startsWith("[")) {
      return host.length() > 2 && host.endsWith("]");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** {@code sip:user@host}. */
  public static SipUri of(String user, String host) {
    return parse("sip:" + user + "@" + host);
  }

  public String scheme() {
    return scheme;
  }

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

  /** This URI with parameter {@code name} set (or replaced). */
  public SipUri withParameter(String name, String value) {
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
    SipSyntax.appendParameters(out, parameters);
    if (headers != null) {
      out.append('?').append(headers);
    }
    return out.toString();
  }
}
