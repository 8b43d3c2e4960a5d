package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sepapi.core.sip.SipParseException;

/** The small pieces of RFC 3261's grammar that every header parser shares. Stateless. */
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

  public static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-.!%*_+`'~".indexOf(c) >= 0;
  }

  /** {@code value} as a token, or a quoted string when it is not one. */
  public static String tokenOrQuoted(String value) {
    return isToken(value) ? value : quote(value);
  }

  /** {@code value} as an RFC 3261 quoted-string. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }

  /**
   * Splits a header value at the commas that separate its elements, leaving commas inside quoted
   * strings and angle brackets alone. Empty elements are dropped.
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
   * Reads {@code ;name=value} parameters from {@code text} starting at {@code from} (which points
   * at a semicolon or the end). Names are lower-cased; a parameter without a value maps to the
   * empty string; quoted values are unquoted.
   *
   * @throws SipParseException on an unterminated quote or an empty name
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
      String name = text.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        throw new SipParseException(what + ": empty parameter name in: " + text);
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
        }
      }
      params.put(name, value);
    }
    return params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params);
  }

  /**
   * Reads the quoted string starting at {@code text[start] == '"'} into {@code out}, unescaping.
   *
   * @return the index just past the closing quote
   */
  public static int readQuoted(String text, int start, StringBuilder out, String what) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        out.append(text.charAt(i + 1));
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    throw new SipParseException(what + ": unterminated quoted string in: " + text);
  }

  /** Writes parameters back as {@code ;name=value}, quoting values that are not tokens. */
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

  public static int skipSpace(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * Parses a non-negative decimal number of at most 10 digits (RFC 3261 delta-seconds and CSeq fit
   * in 32 bits).
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
