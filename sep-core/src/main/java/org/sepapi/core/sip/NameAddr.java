package org.sepapi.core.sip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * The value of a From, To, Contact, Route or Record-Route header (RFC 3261 name-addr or addr-spec):
 * an optional display name, a URI and the header's parameters ({@code tag}, {@code expires}, ...).
 * Immutable.
 */
public final class NameAddr {
  private final String displayName;
  private final SipUri uri;
  private final Map<String, String> parameters;

  private NameAddr(String displayName, SipUri uri, Map<String, String> parameters) {
    this.displayName = displayName;
    this.uri = uri;
    this.parameters = parameters;
  }

  /** {@code <uri>} with no display name and no parameters. */
  public static NameAddr of(SipUri uri) {
    return new NameAddr(null, Objects.requireNonNull(uri, "uri"), Map.of());
  }

  /** {@code "displayName" <uri>}. */
  public static NameAddr of(String displayName, SipUri uri) {
    return new NameAddr(displayName, Objects.requireNonNull(uri, "uri"), Map.of());
  }

  /**
   * Reads one header value.
   *
   * @throws SipParseException if it is not a name-addr or addr-spec with a SIP URI
   */
  public static NameAddr parse(String text) {
    Objects.requireNonNull(text, "text");
    String value = text.strip();
    String displayName = null;
    int i = 0;
    if (value.startsWith("\"")) {
      StringBuilder name = new StringBuilder();
      i = SipSyntax.readQuoted(value, 0, name, "name-addr");
      displayName = name.toString();
      i = SipSyntax.skipSpace(value, i);
      if (i >= value.length() || value.charAt(i) != '<') {
        throw new SipParseException("name-addr: '<' expected after the display name: " + text);
      }
    }
    int open = value.indexOf('<', i);
    if (open >= 0) {
      if (displayName == null) {
        String name = value.substring(0, open).strip();
        displayName = name.isEmpty() ? null : name;
      }
      int close = value.indexOf('>', open);
      if (close < 0) {
        throw new SipParseException("name-addr: no closing '>': " + text);
      }
      SipUri uri = SipUri.parse(value.substring(open + 1, close));
      Map<String, String> params = SipSyntax.parameters(value, close + 1, "name-addr " + text);
      return new NameAddr(displayName, uri, params);
    }
    // addr-spec: the parameters after the URI belong to the header, not the URI (RFC 3261 20.10)
    int semicolon = value.indexOf(';');
    String uriText = semicolon < 0 ? value : value.substring(0, semicolon);
    if (uriText.indexOf('?') >= 0 || uriText.indexOf(',') >= 0) {
      throw new SipParseException("addr-spec with '?' or ',' must be in angle brackets: " + text);
    }
    SipUri uri = SipUri.parse(uriText);
    Map<String, String> params =
        semicolon < 0 ? Map.of() : SipSyntax.parameters(value, semicolon, "addr-spec " + text);
    return new NameAddr(null, uri, params);
  }

  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  public SipUri uri() {
    return uri;
  }

  /** The header parameters, names in lower case. */
  public Map<String, String> parameters() {
    return parameters;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The {@code tag} parameter of a From or To header. */
  public Optional<String> tag() {
    return parameter("tag");
  }

  /** This value with parameter {@code name} set (or replaced). */
  public NameAddr withParameter(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.put(name.toLowerCase(Locale.ROOT), value);
    return new NameAddr(displayName, uri, Collections.unmodifiableMap(copy));
  }

  /** This value with the {@code tag} parameter set. */
  public NameAddr withTag(String tag) {
    return withParameter("tag", tag);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameAddr other
        && Objects.equals(displayName, other.displayName)
        && uri.equals(other.uri)
        && parameters.equals(other.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, uri, parameters);
  }

  /** The value as it goes on the wire, always in name-addr form. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(80);
    if (displayName != null) {
      out.append(SipSyntax.quote(displayName)).append(' ');
    }
    out.append('<').append(uri).append('>');
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
