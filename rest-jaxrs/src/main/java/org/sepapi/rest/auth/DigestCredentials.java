package org.sepapi.rest.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The auth-params of an {@code Authorization: Digest ...} header (RFC 7616 section 3.4, RFC 7235
 * section 2.1), read strictly: names are tokens (kept in lower case), values tokens or quoted
 * strings, elements separated by commas with optional white space, empty elements skipped. A
 * repeated name, a stray character or an unterminated string makes the header malformed.
 */
final class DigestCredentials {
  /** Longer headers are refused before they are read. */
  static final int MAX_LENGTH = 8192;

  private final Map<String, String> parameters;

  private DigestCredentials(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  /** A header that is not a Digest credential the server can read; the message says why. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether the header is of the Digest scheme (any case), whatever follows. */
  static boolean isDigest(String header) {
    String value = header.stripLeading();
    return value.regionMatches(true, 0, "Digest", 0, 6)
        && (value.length() == 6 || value.charAt(6) == ' ' || value.charAt(6) == '\t');
  }

  /**
   * Reads a header for which {@link #isDigest} holds.
   *
   * @throws MalformedException if it does not follow the grammar
   */
  static DigestCredentials parse(String header) throws MalformedException {
    if (header.length() > MAX_LENGTH) {
      throw new MalformedException("longer than " + MAX_LENGTH + " characters");
    }
    String value = header.strip();
    int i = 6; // after "Digest"
    Map<String, String> parameters = new HashMap<>();
    int n = value.length();
    while (true) {
      i = skipSpaceAndCommas(value, i);
      if (i >= n) {
        break;
      }
      int start = i;
      while (i < n && isTokenChar(value.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new MalformedException("expected a parameter name at character " + (i + 1));
      }
      String name = value.substring(start, i).toLowerCase(Locale.ROOT);
      i = skipSpace(value, i);
      if (i >= n || value.charAt(i) != '=') {
        throw new MalformedException("expected '=' after " + name);
      }
      i = skipSpace(value, i + 1);
      String parameter;
      if (i < n && value.charAt(i) == '"') {
        StringBuilder text = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new MalformedException("the value of " + name + " has no closing quote");
          }
          char c = value.charAt(i);
          if (c == '"') {
            i++;
            break;
          }
          if (c == '\\') {
            if (i + 1 >= n || !isQuotable(value.charAt(i + 1))) {
              throw new MalformedException("bad escape in the value of " + name);
            }
            c = value.charAt(i + 1);
            i++;
          } else if (!isQuotable(c)) {
            throw new MalformedException("a control character in the value of " + name);
          }
          text.append(c);
          i++;
        }
        parameter = text.toString();
      } else {
        int valueStart = i;
        while (i < n && isTokenChar(value.charAt(i))) {
          i++;
        }
        if (i == valueStart) {
          throw new MalformedException("expected a value for " + name);
        }
        parameter = value.substring(valueStart, i);
      }
      if (parameters.putIfAbsent(name, parameter) != null) {
        throw new MalformedException(name + " is given twice");
      }
      i = skipSpace(value, i);
      if (i < n && value.charAt(i) != ',') {
        throw new MalformedException("expected ',' after the value of " + name);
      }
    }
    return new DigestCredentials(Map.copyOf(parameters));
  }

  /** The value of parameter {@code name} (lower case), or null. */
  String get(String name) {
    return parameters.get(name);
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static int skipSpaceAndCommas(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  /** RFC 7230 tchar. */
  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /** qdtext or the second character of a quoted-pair: HTAB, SP, VCHAR, obs-text. */
  private static boolean isQuotable(char c) {
    return c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
  }
}
