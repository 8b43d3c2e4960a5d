package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sepapi.core.internal.SipSyntax;

/**
 * A WWW-Authenticate or Proxy-Authenticate challenge (RFC 3261 section 22, RFC 8760): scheme and
 * auth-params (realm, nonce, opaque, algorithm, qop, stale), names in lower case, values unquoted,
 * in their order. Immutable and thread-safe; {@code parse(c.toString(), c.proxy())} equals {@code
 * c}.
 *
 * <p>The same grammar carries the credentials of an Authorization or Proxy-Authorization header
 * ({@code Digest username="...", response="..."}), so {@link #parse} reads those too.
 *
 * @param scheme the auth scheme as written, such as {@code Digest}; compared without regard to case
 *     by {@link #isDigest()}
 * @param parameters the auth-params, names in lower case, values unquoted
 * @param proxy whether it came in Proxy-Authenticate (answered with Proxy-Authorization)
 */
public record Challenge(String scheme, Map<String, String> parameters, boolean proxy) {
  /** The parameters that RFC 3261 and RFC 7616 write as quoted strings. */
  private static final Set<String> QUOTED =
      Set.of("realm", "domain", "nonce", "opaque", "qop", "username", "uri", "response", "cnonce");

  /**
   * @throws IllegalArgumentException if the scheme is not a token or a parameter not a token name
   *     with a value without line break
   */
  public Challenge {
    if (!SipSyntax.isToken(scheme)) {
      throw new IllegalArgumentException("an auth scheme is a token: " + scheme);
    }
    parameters = SipSyntax.checkParameters(parameters);
  }

  /**
   * Reads {@code scheme param=value, ...}: values are tokens or quoted strings, white space around
   * {@code =} and {@code ,} is allowed, empty elements are skipped, and a repeated name keeps its
   * last value. A challenge without parameters is read (its user then refuses it). Leniency: an
   * unquoted value that is not a token (a base64 nonce, say) is taken as written up to the next
   * comma.
   *
   * @throws SipParseException if the value is not {@code scheme param=value, ...}
   * @throws NullPointerException if {@code text} is null
   */
  public static Challenge parse(String text, boolean proxy) {
    String value = Objects.requireNonNull(text, "text").strip();
    int space = 0;
    while (space < value.length() && value.charAt(space) != ' ' && value.charAt(space) != '\t') {
      space++;
    }
    String scheme = value.substring(0, space);
    if (!SipSyntax.isToken(scheme)) {
      throw new SipParseException("challenge: no scheme: " + text);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String element : SipSyntax.splitElements(value.substring(space))) {
      int equals = element.indexOf('=');
      if (equals <= 0) {
        throw new SipParseException("challenge: name=value expected: " + text);
      }
      String name = element.substring(0, equals).strip();
      if (!SipSyntax.isToken(name)) {
        throw new SipParseException("challenge: a parameter name is a token: " + text);
      }
      String raw = element.substring(equals + 1).strip();
      String param = raw;
      if (raw.startsWith("\"")) {
        StringBuilder unquoted = new StringBuilder();
        int end = SipSyntax.readQuoted(raw, 0, unquoted, "challenge");
        if (end != raw.length()) {
          throw new SipParseException("challenge: text after a quoted value: " + text);
        }
        param = unquoted.toString();
      } else if (SipSyntax.hasLineBreak(raw)) {
        throw new SipParseException("challenge: a line break in a value: " + text);
      }
      params.put(name.toLowerCase(Locale.ROOT), param);
    }
    return new Challenge(scheme, params, proxy);
  }

  public boolean isDigest() {
    return scheme.equalsIgnoreCase("Digest");
  }

  public Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
  }

  public Optional<String> realm() {
    return parameter("realm");
  }

  public Optional<String> nonce() {
    return parameter("nonce");
  }

  public Optional<String> opaque() {
    return parameter("opaque");
  }

  /** The algorithm as written, {@code MD5} when absent (RFC 3261 section 22.4, RFC 7616). */
  public String algorithm() {
    return parameter("algorithm").orElse("MD5");
  }

  /** The qop options offered, lower case; empty for RFC 2069 style challenges. */
  public List<String> qopOptions() {
    List<String> options = new ArrayList<>(2);
    parameter("qop")
        .ifPresent(
            qop -> {
              for (String option : qop.split(",")) {
                if (!option.isBlank()) {
                  options.add(option.strip().toLowerCase(Locale.ROOT));
                }
              }
            });
    return List.copyOf(options);
  }

  public boolean stale() {
    return parameter("stale").map(s -> s.equalsIgnoreCase("true")).orElse(false);
  }

  /** The header this challenge came in. */
  public String headerName() {
    return proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
  }

  /**
   * The header value as it goes on the wire: {@code Digest realm="x", nonce="y", algorithm=MD5}.
   * The parameters that RFC 3261 and RFC 7616 define as quoted strings (realm, domain, nonce,
   * opaque, qop, username, uri, response, cnonce) are always quoted, others only when they are not
   * tokens.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(scheme);
    String separator = " ";
    for (Map.Entry<String, String> param : parameters.entrySet()) {
      out.append(separator).append(param.getKey()).append('=');
      String v = param.getValue();
      out.append(QUOTED.contains(param.getKey()) ? SipSyntax.quote(v) : SipSyntax.tokenOrQuoted(v));
      separator = ", ";
    }
    return out.toString();
  }
}
