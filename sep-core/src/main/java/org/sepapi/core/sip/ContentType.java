package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.sepapi.core.internal.SipSyntax;

/**
 * A Content-Type header (RFC 3261 section 20.15, RFC 2045): type, subtype and parameters ({@code
 * boundary}, {@code type}, {@code start}, {@code charset}). Type, subtype and parameter names are
 * kept in lower case; parameter values as written, unquoted. Immutable.
 */
public record ContentType(String type, String subtype, Map<String, String> parameters) {
  public ContentType {
    if (!SipSyntax.isToken(type) || !SipSyntax.isToken(subtype)) {
      throw new IllegalArgumentException("a media type is token/token: " + type + "/" + subtype);
    }
    type = type.toLowerCase(Locale.ROOT);
    subtype = subtype.toLowerCase(Locale.ROOT);
    parameters = Map.copyOf(parameters);
  }

  /**
   * Reads {@code type/subtype *(;name=value)}.
   *
   * @throws SipParseException if it is not one
   */
  public static ContentType parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
    int semicolon = value.indexOf(';');
    String media = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
    int slash = media.indexOf('/');
    if (slash <= 0
        || !SipSyntax.isToken(media.substring(0, slash).strip())
        || !SipSyntax.isToken(media.substring(slash + 1).strip())) {
      throw new SipParseException("Content-Type: type/subtype expected: " + text);
    }
    Map<String, String> params =
        semicolon < 0 ? Map.of() : SipSyntax.parameters(value, semicolon, "Content-Type " + text);
    return new ContentType(
        media.substring(0, slash).strip(), media.substring(slash + 1).strip(), params);
  }

  /** {@code type/subtype}, lower case. */
  public String mediaType() {
    return type + "/" + subtype;
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Whether this is {@code mediaType}, parameters aside, case aside. */
  public boolean is(String mediaType) {
    return mediaType().equalsIgnoreCase(mediaType);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(mediaType());
    for (Map.Entry<String, String> param : new TreeMap<>(parameters).entrySet()) {
      out.append(';')
          .append(param.getKey())
          .append('=')
          .append(SipSyntax.tokenOrQuoted(param.getValue()));
    }
    return out.toString();
  }
}
