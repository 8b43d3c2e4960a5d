package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sepapi.core.sip.SipParseException;

/**
 * The small pieces of RFC 3261's grammar that every header parser shares. Stateless and
 * thread-safe.
 *
 * <p>The readers are lenient where leniency cannot change what a value means (white space around
 * {@code ;} and {@code =}, any case in names) and strict where a value could not be written back as
 * it was read: a line break (raw or escaped) is never accepted anywhere, because no header can
 * carry one.
 */
public final class SipSyntax {
  private SipSyntax() {}

  /** RFC 3261 token characters. */
  public static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} is an RFC 3261 token character (alphanumerics and {@code -.!%*_+`'~}). */
  public static boolean isTokenChar(char c) {
    return isAlphanumeric(c) || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  /** ASCII letters and digits. */
  public static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Whether {@code s} holds a carriage return or a line feed. */
  public static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  /**
   * Whether {@code host} is an RFC 3261 host as sepapi reads it: a name or IPv4 address of ASCII
   * letters, digits, dots and dashes, or an IPv6 reference in brackets of hex digits, colons and
   * dots (holding at least one colon). Labels are not checked one by one.
   */
  public static boolean isHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (host.charAt(0) == '[') {
      if (host.length() < 4 || host.charAt(host.length() - 1) != ']') {
        return false;
      }
      boolean colon = false;
      for (int i = 1; i < host.length() - 1; i++) {
        char c = host.charAt(i);
        if (c == ':') {
          colon = true;
        } else if (!(isHexDigit(c) || c == '.')) {
          return false;
        }
      }
      return colon;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(isAlphanumeric(c) || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code value} as a token, or a quoted string when it is not one. */
  public static String tokenOrQuoted(String value) {
    return isToken(value) ? value : quote(value);
  }

  /**
   * {@code value} as an RFC 3261 quoted-string: {@code "} and {@code \} and control characters
   * other than tab are escaped with a backslash (a quoted-pair).
   *
   * @throws IllegalArgumentException if {@code value} holds a line break, which no quoted-string
   *     can carry
   */
  public static String quote(String value) {
    if (hasLineBreak(value)) {
      throw new IllegalArgumentException("a quoted string has no line break");
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || (c < 0x20 && c != '\t') || c == 0x7F) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /**
   * Splits a header value at the commas that separate its elements, leaving commas inside quoted
   * strings and angle brackets alone. Empty elements are dropped; an unterminated quote or bracket
   * runs to the end (the element's own parser then refuses it).
   */
  public static List<String> splitElements(String value) {
    List<String> parts = new ArrayList<>(2);
    int start = 0;
    boolean quoted = false;
    boolean angle = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        angle = true;
      } else if (c == '>') {
        angle = false;
      } else if (c == ',' && !angle) {
        addElement(parts, value.substring(start, i));
        start = i + 1;
      }
    }
    addElement(parts, value.substring(start));
    return parts;
  }

  private static void addElement(List<String> parts, String part) {
    String stripped = part.strip();
    if (!stripped.isEmpty()) {
      parts.add(stripped);
    }
  }

  /**
   * Reads {@code ;name=value} header parameters (RFC 3261 generic-param) from {@code text} starting
   * at {@code from} (which points at a semicolon, white space or the end). Names must be tokens and
   * are lower-cased; a parameter without a value, or with an empty one, maps to the empty string;
   * quoted values are unquoted; unquoted values are taken up to the next semicolon, stripped. A
   * repeated name keeps its last value.
   *
   * @throws SipParseException on an unterminated quote, a name that is not a token, text after a
   *     quoted value or a line break
   */
  public static Map<String, String> parameters(String text, int from, String what) {
    Map<String, String> params = new LinkedHashMap<>();
    int i = from;
    int n = text.length();
    while (i < n) {
      i = skipSpace(text, i);
      if (i >= n) {
        break;
      }
      if (text.charAt(i) != ';') {
        throw new SipParseException(what + ": expected ';' at " + i + " in: " + text);
      }
      i = skipSpace(text, i + 1);
      int nameStart = i;
      while (i < n && text.charAt(i) != '=' && text.charAt(i) != ';') {
        i++;
      }
      String name = text.substring(nameStart, i).strip();
      if (!isToken(name)) {
        throw new SipParseException(what + ": a parameter name is a token: '" + name + "'");
      }
      String value = "";
      if (i < n && text.charAt(i) == '=') {
        i = skipSpace(text, i + 1);
        if (i < n && text.charAt(i) == '"') {
          StringBuilder unquoted = new StringBuilder();
          i = readQuoted(text, i, unquoted, what);
          value = unquoted.toString();
        } else {
          int valueStart = i;
          while (i < n && text.charAt(i) != ';') {
            i++;
          }
          value = text.substring(valueStart, i).strip();
          if (hasLineBreak(value)) {
            throw new SipParseException(what + ": a line break in a parameter value");
          }
        }
      }
      params.put(name.toLowerCase(Locale.ROOT), value);
    }
    return params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params);
  }

  /**
   * Reads the quoted string starting at {@code text[start] == '"'} into {@code out}, unescaping.
   *
   * @return the index just past the closing quote
   * @throws SipParseException if the string is not terminated or holds a line break
   */
  public static int readQuoted(String text, int start, StringBuilder out, String what) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        c = text.charAt(i + 1);
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
      if (c == '\r' || c == '\n') {
        throw new SipParseException(what + ": a line break in a quoted string");
      }
      out.append(c);
    }
    throw new SipParseException(what + ": unterminated quoted string in: " + text);
  }

  /**
   * Checks header parameters given to a factory or {@code withParameter}: names must be tokens,
   * values must not be null nor hold a line break.
   *
   * @return the parameters with lower-case names, in the given order, unmodifiable
   * @throws IllegalArgumentException if one is not acceptable
   */
  public static Map<String, String> checkParameters(Map<String, String> params) {
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> param : params.entrySet()) {
      copy.put(checkParameterName(param.getKey()), checkParameterValue(param.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * @return {@code name} in lower case
   * @throws IllegalArgumentException if {@code name} is not a token
   */
  public static String checkParameterName(String name) {
    if (!isToken(name)) {
      throw new IllegalArgumentException("a parameter name is a token: " + name);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value} is null or holds a line break
   */
  public static String checkParameterValue(String value) {
    if (value == null || hasLineBreak(value)) {
      throw new IllegalArgumentException("a parameter value is not null and has no line break");
    }
    return value;
  }

  /**
   * Writes header parameters back as {@code ;name=value}, quoting values that are neither tokens
   * nor hosts; an empty value is written as a bare name.
   */
  public static void appendParameters(StringBuilder out, Map<String, String> params) {
    for (Map.Entry<String, String> param : params.entrySet()) {
      out.append(';').append(param.getKey());
      if (!param.getValue().isEmpty()) {
        out.append('=').append(tokenOrHostValue(param.getValue()));
      }
    }
  }

  private static String tokenOrHostValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isTokenChar(c) && c != ':' && c != '[' && c != ']' && c != '/' && c != '@') {
        return quote(value);
      }
    }
    return value;
  }

  /** The index of the first character at or after {@code i} that is not a space or a tab. */
  public static int skipSpace(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * Parses a non-negative decimal number of at most 10 digits (RFC 3261 delta-seconds and CSeq fit
   * in 32 bits), surrounding white space ignored.
   *
   * @throws SipParseException if it is not one
   */
  public static long number(String text, String what) {
    String digits = text.strip();
    if (digits.isEmpty() || digits.length() > 10) {
      throw new SipParseException(what + ": not a number: " + text);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new SipParseException(what + ": not a number: " + text);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
