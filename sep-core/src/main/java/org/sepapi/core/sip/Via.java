package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.sepapi.core.internal.SipSyntax;

/**
 * One Via header value: transport, sent-by host and port, parameters ({@code branch}, {@code
 * received}, {@code rport}). The transport is kept in upper case, the host and parameter names in
 * lower case, the parameters in their order. Immutable and thread-safe; {@code
 * parse(via.toString())} equals {@code via}.
 *
 * @param transport the transport token, such as {@code UDP} or {@code TLS}
 * @param host the sent-by host: a name, an IPv4 address or an IPv6 reference in brackets
 * @param port the sent-by port, 0 to 65535, when there is one
 * @param parameters the parameters, names in lower case; a flag ({@code rport}) maps to the empty
 *     string
 */
public record Via(String transport, String host, OptionalInt port, Map<String, String> parameters) {
  /**
   * @throws IllegalArgumentException if the transport is not a token, the host not a host, the port
   *     out of range or a parameter not a token name with a value without line break
   */
  public Via {
    if (!SipSyntax.isToken(transport)) {
      throw new IllegalArgumentException("a Via transport is a token: " + transport);
    }
    transport = transport.toUpperCase(Locale.ROOT);
    if (!SipSyntax.isHost(host)) {
      throw new IllegalArgumentException("not a Via host: " + host);
    }
    host = host.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(port, "port");
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
      throw new IllegalArgumentException("port out of range: " + port.getAsInt());
    }
    parameters = SipSyntax.checkParameters(parameters);
  }

  /**
   * Reads {@code SIP/2.0/TRANSPORT host[:port] *(;param)}; white space may surround the slashes and
   * the colon of sent-by (RFC 3261 LWS, as in RFC 4475's "wsinv" message), and protocol name and
   * version are matched without regard to case.
   *
   * @throws SipParseException if the value is not {@code SIP/2.0/TRANSPORT host[:port];params}
   * @throws NullPointerException if {@code text} is null
   */
  public static Via parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
    int i = 0;
    String[] protocol = new String[3];
    for (int part = 0; part < 3; part++) {
      if (part > 0) {
        i = SipSyntax.skipSpace(value, i);
        if (i >= value.length() || value.charAt(i) != '/') {
          throw new SipParseException("Via: SIP/2.0/transport expected: " + text);
        }
        i = SipSyntax.skipSpace(value, i + 1);
      }
      int start = i;
      while (i < value.length() && SipSyntax.isTokenChar(value.charAt(i))) {
        i++;
      }
      protocol[part] = value.substring(start, i);
    }
    if (!protocol[0].equalsIgnoreCase("SIP")
        || !protocol[1].equals("2.0")
        || !SipSyntax.isToken(protocol[2])
        || i >= value.length()
        || (value.charAt(i) != ' ' && value.charAt(i) != '\t')) {
      throw new SipParseException("Via: SIP/2.0/transport expected: " + text);
    }
    i = SipSyntax.skipSpace(value, i);
    int semicolon = value.indexOf(';', i);
    String sentBy = (semicolon < 0 ? value.substring(i) : value.substring(i, semicolon)).strip();
    String host = sentBy;
    int port = -1;
    int colon = sentBy.lastIndexOf(':');
    if (colon >= 0 && !sentBy.endsWith("]")) {
      host = sentBy.substring(0, colon).strip();
      long number = SipSyntax.number(sentBy.substring(colon + 1), "Via port");
      if (number > 65535) {
        throw new SipParseException("Via: port out of range: " + text);
      }
      port = (int) number;
    }
    if (!SipSyntax.isHost(host)) {
      throw new SipParseException("Via: no valid sent-by host: " + text);
    }
    Map<String, String> params =
        semicolon < 0 ? Map.of() : SipSyntax.parameters(value, semicolon, "Via " + text);
    return new Via(
        protocol[2], host, port < 0 ? OptionalInt.empty() : OptionalInt.of(port), params);
  }

  /** The {@code branch} parameter. */
  public Optional<String> branch() {
    return Optional.ofNullable(parameters.get("branch"));
  }

  /** The Via value as it goes on the wire, parameters in their order. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SIP/2.0/").append(transport).append(' ').append(host);
    port.ifPresent(p -> out.append(':').append(p));
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
