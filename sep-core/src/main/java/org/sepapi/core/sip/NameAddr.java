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
 * Parameter names are kept in lower case, values as written (unquoted). Immutable and thread-safe.
 *
 * <p>{@link #toString()} always writes the name-addr form, the display name as a quoted string, so
 * {@code parse(value.toString())} equals {@code value} for every value. The reader also takes an
 * unquoted display name of several words (kept as written, inner white space included) and the bare
 * addr-spec form, whose {@code ;} parameters belong to the header, not the URI (RFC 3261 section
 * 20.10).
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

  /**
   * {@code "displayName" <uri>}; a null display name is none.
   *
   * @throws IllegalArgumentException if the display name holds a line break
   */
  public static NameAddr of(String displayName, SipUri uri) {
    if (displayName != null && SipSyntax.hasLineBreak(displayName)) {
      throw new IllegalArgumentException("a display name has no line break");
    }
    return new NameAddr(displayName, Objects.requireNonNull(uri, "uri"), Map.of());
  }

  /**
   * Reads one header value, surrounding white space ignored. It is in name-addr form when a {@code
   * <} comes before any {@code ;}, otherwise in addr-spec form.
   *
   * @throws SipParseException if it is not a name-addr or addr-spec with a SIP URI
   * @throws NullPointerException if {@code text} is null
   */
  public static NameAddr parse(String text) {
    Objects.requireNonNull(text, "text");
    String value = text.strip();
    if (value.isEmpty()) {
      throw new SipParseException("name-addr: empty value");
    }
    String displayName = null;
    int open = -1;
    if (value.charAt(0) == '"') {
      StringBuilder name = new StringBuilder();
      int i = SipSyntax.readQuoted(value, 0, name, "name-addr");
      displayName = name.toString();
      open = SipSyntax.skipSpace(value, i);
      if (open >= value.length() || value.charAt(open) != '<') {
        throw new SipParseException("name-addr: '<' expected after the display name: " + text);
      }
    } else {
      for (int i = 0; i < value.length() && value.charAt(i) != ';'; i++) {
        if (value.charAt(i) == '<') {
          open = i;
          break;
        }
      }
      if (open >= 0) {
        String name = value.substring(0, open).strip();
        if (SipSyntax.hasLineBreak(name)) {
          throw new SipParseException("name-addr: a line break in the display name");
        }
        displayName = name.isEmpty() ? null : name;
      }
    }
    if (open >= 0) {
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

  /**
   * The {@code tag} parameter of a From or To header value, read without the URI: the parameters
   * after the closing {@code >} of a name-addr, or after the URI of an addr-spec (RFC 3261 section
   * 20.10). For the path every NOTIFY takes, where only the tag matters; it checks the parameters
   * as {@link #parse} does, not the URI.
   *
   * @throws SipParseException if the parameters are malformed
   */
  public static Optional<String> tagOf(String value) {
    int close = value.lastIndexOf('>');
    int from;
    if (close >= 0) {
      from = close + 1;
    } else {
      if (value.indexOf('<') >= 0 || value.indexOf('"') >= 0) {
        return parse(value).tag();
      }
      from = value.indexOf(';');
      if (from < 0) {
        return Optional.empty();
      }
    }
    if (value.indexOf('"', from) >= 0) {
      return parse(value).tag();
    }
    return Optional.ofNullable(SipSyntax.parameters(value, from, "tag of " + value).get("tag"));
  }

  /**
   * This value with parameter {@code name} set (or replaced); an empty value makes a flag.
   *
   * @throws IllegalArgumentException if the name is not a token or the value holds a line break
   */
  public NameAddr withParameter(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(parameters);
    copy.put(SipSyntax.checkParameterName(name), SipSyntax.checkParameterValue(value));
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
