package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.sepapi.core.internal.SipSyntax;

/**
 * One Via header value: transport, sent-by host and port, parameters ({@code branch}, {@code
 * received}, {@code rport}). Immutable.
 */
public record Via(String transport, String host, OptionalInt port, Map<String, String> parameters) {
  public Via {
    transport = transport.toUpperCase(Locale.ROOT);
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    parameters = Map.copyOf(parameters);
  }

  /**
   * @throws SipParseException if the value is not {@code SIP/2.0/TRANSPORT host[:port];params}
   */
  public static Via parse(String text) {
    String value = text.strip();
    int space = 0;
    while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
      space++;
    }
    String protocol = value.substring(0, space).replace(" ", "");
    String[] parts = protocol.split("/");
    if (parts.length != 3
        || !parts[0].equalsIgnoreCase("SIP")
        || !parts[1].equals("2.0")
        || !SipSyntax.isToken(parts[2])) {
      throw new SipParseException("Via: SIP/2.0/transport expected: " + text);
    }
    int i = SipSyntax.skipSpace(value, space);
    int semicolon = value.indexOf(';', i);
    String sentBy = (semicolon < 0 ? value.substring(i) : value.substring(i, semicolon)).strip();
    String host = sentBy;
    int port = -1;
    int colon = sentBy.lastIndexOf(':');
    if (colon > 0 && !sentBy.endsWith("]")) {
      host = sentBy.substring(0, colon);
      long number = SipSyntax.number(sentBy.substring(colon + 1), "Via port");
      if (number > 65535) {
        throw new SipParseException("Via: port out of range: " + text);
      }
      port = (int) number;
    }
    if (host.isEmpty()) {
      throw new SipParseException("Via: no sent-by host: " + text);
    }
    Map<String, String> params =
        semicolon < 0 ? Map.of() : SipSyntax.parameters(value, semicolon, "Via " + text);
    return new Via(
        parts[2],
        host.toLowerCase(Locale.ROOT),
        port < 0 ? OptionalInt.empty() : OptionalInt.of(port),
        params);
  }

  public Optional<String> branch() {
    return Optional.ofNullable(parameters.get("branch"));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("SIP/2.0/").append(transport).append(' ').append(host);
    port.ifPresent(p -> out.append(':').append(p));
    SipSyntax.appendParameters(out, new TreeMap<>(parameters));
    return out.toString();
  }
}
