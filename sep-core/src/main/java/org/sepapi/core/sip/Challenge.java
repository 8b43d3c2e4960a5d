package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * A WWW-Authenticate or Proxy-Authenticate challenge (RFC 3261 section 22, RFC 8760): scheme and
 * auth-params (realm, nonce, opaque, algorithm, qop, stale). Immutable.
 *
 * @param proxy whether it came in Proxy-Authenticate (answered with Proxy-Authorization)
 */
public record Challenge(String scheme, Map<String, String> parameters, boolean proxy) {
  public Challenge {
    Objects.requireNonNull(scheme, "scheme");
    parameters = Map.copyOf(parameters);
  }

  /**
   * @throws SipParseException if the value is not {@code scheme param=value, ...}
   */
  public static Challenge parse(String text, boolean proxy) {
    String value = text.strip();
    int space = 0;
    while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
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
      String name = element.substring(0, equals).strip().toLowerCase(Locale.ROOT);
      String raw = element.substring(equals + 1).strip();
      String param = raw;
      if (raw.startsWith("\"")) {
        StringBuilder unquoted = new StringBuilder();
        int end = SipSyntax.readQuoted(raw, 0, unquoted, "challenge");
        if (end != raw.length()) {
          throw new SipParseException("challenge: text after a quoted value: " + text);
        }
        param = unquoted.toString();
      }
      params.put(name, param);
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

  /** The algorithm, {@code MD5} when absent (RFC 3261). */
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
}
