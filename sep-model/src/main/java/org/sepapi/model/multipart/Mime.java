package org.sepapi.model.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sepapi.model.ModelException;

/** The small pieces of MIME syntax this package needs. Stateless. */
final class Mime {
  private static final String BCHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

  private Mime() {}

  /** The string without leading and trailing spaces and tabs (not other white space). */
  static String trimWsp(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWsp(s.charAt(start))) {
      start++;
    }
    while (end > start && isWsp(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  /** Why a header name is not one (RFC 5322 field-name: printable ASCII but ':'), or null. */
  static String badHeaderName(String name) {
    if (name.isEmpty()) {
      return "an empty header name";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        return "header name '" + name + "' holds a character a header name cannot";
      }
    }
    return null;
  }

  /** Why a header or parameter value cannot be written on one line, or null. */
  static String badValue(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return what + " holds a control character: U+" + String.format("%04X", (int) c);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return what + " holds a lone surrogate";
      }
    }
    return null;
  }

  /** Why a boundary breaks RFC 2046 (1 to 70 bchars, not ending in a space), or null. */
  static String badBoundary(String boundary) {
    if (boundary.isEmpty() || boundary.length() > 70) {
      return "a boundary must be 1 to 70 characters long, not " + boundary.length();
    }
    for (int i = 0; i < boundary.length(); i++) {
      if (BCHARS.indexOf(boundary.charAt(i)) < 0) {
        return "a boundary cannot hold the character '" + boundary.charAt(i) + "'";
      }
    }
    if (boundary.endsWith(" ")) {
      return "a boundary cannot end with a space";
    }
    return null;
  }

  /** A Content-ID as compared: without surrounding white space and angle brackets. */
  static String normalizeContentId(String contentId) {
    String s = trimWsp(contentId);
    if (s.length() >= 2 && s.charAt(0) == '<' && s.charAt(s.length() - 1) == '>') {
      s = trimWsp(s.substring(1, s.length() - 1));
    }
    return s;
  }

  /**
   * A reference to a part as RFC 2392 allows it: a Content-ID with or without angle brackets, or a
   * {@code cid:} URL whose %-escapes are decoded (an escape that is not one is kept as written).
   */
  static String normalizeReference(String reference) {
    String s = trimWsp(reference);
    if (s.regionMatches(true, 0, "cid:", 0, 4)) {
      s = percentDecode(s.substring(4));
    }
    return normalizeContentId(s);
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
      int lo = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
      if (bytes[i] == '%' && hi >= 0 && lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The media type of a Content-Type value, lower case, without parameters; null if none. */
  static String mediaTypeOf(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type =
        trimWsp(semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .toLowerCase(Locale.ROOT);
    int slash = type.indexOf('/');
    return slash <= 0 || slash == type.length() - 1 ? null : type;
  }

  /** A parameter value written as a quoted string. */
  static String quote(String value) {
    StringBuilder s = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\');
      }
      s.append(c);
    }
    return s.append('"').toString();
  }

  /**
   * A Content-Type value read: its media type (lower case) and its parameters (names in lower case,
   * in order). Line breaks of a folded header count as white space. Values may be tokens or quoted
   * strings; an unquoted value is read up to the next {@code ;} or white space, so the common
   * {@code start=<id@host>} and {@code type=application/rlmi+xml} are accepted too.
   */
  record ContentType(String mediaType, Map<String, String> parameters) {
    static ContentType parse(String value) {
      String s = value.replace('\r', ' ').replace('\n', ' ');
      Reader r = new Reader(s);
      r.skipWsp();
      String type = r.token("media type");
      r.expect('/', "a '/' in the media type");
      String subtype = r.token("media subtype");
      Map<String, String> parameters = new LinkedHashMap<>();
      r.skipWsp();
      while (!r.atEnd()) {
        r.expect(';', "';' before a parameter");
        r.skipWsp();
        if (r.atEnd()) {
          break; // a trailing ';'
        }
        String name = r.token("parameter name").toLowerCase(Locale.ROOT);
        r.skipWsp();
        r.expect('=', "'=' after parameter " + name);
        r.skipWsp();
        String parameter = r.peek() == '"' ? r.quoted(name) : r.bareValue(name);
        if (parameters.putIfAbsent(name, parameter) != null) {
          throw new ModelException("parameter " + name + " given twice in the Content-Type");
        }
        r.skipWsp();
      }
      return new ContentType(
          type.toLowerCase(Locale.ROOT) + "/" + subtype.toLowerCase(Locale.ROOT), parameters);
    }
  }

  /** A cursor over a header value. */
  private static final class Reader {
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";
    private final String s;
    private int at;

    Reader(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return at >= s.length();
    }

    char peek() {
      return atEnd() ? '\0' : s.charAt(at);
    }

    void skipWsp() {
      while (!atEnd() && isWsp(s.charAt(at))) {
        at++;
      }
    }

    void expect(char c, String what) {
      if (peek() != c) {
        throw new ModelException(
            "Content-Type: expected "
                + what
                + (atEnd() ? " but the value ended" : " at column " + (at + 1) + " of " + s));
      }
      at++;
    }

    String token(String what) {
      int start = at;
      while (!atEnd()) {
        char c = s.charAt(at);
        if (c <= ' ' || c >= 0x7F || TSPECIALS.indexOf(c) >= 0) {
          break;
        }
        at++;
      }
      if (at == start) {
        throw new ModelException(
            "Content-Type: expected a "
                + what
                + (atEnd() ? " but the value ended" : " at column " + (at + 1) + " of " + s));
      }
      return s.substring(start, at);
    }

    String bareValue(String name) {
      int start = at;
      while (!atEnd() && s.charAt(at) != ';' && !isWsp(s.charAt(at))) {
        at++;
      }
      if (at == start) {
        throw new ModelException("Content-Type: parameter " + name + " has no value");
      }
      return s.substring(start, at);
    }

    String quoted(String name) {
      StringBuilder value = new StringBuilder();
      at++; // the opening quote
      while (!atEnd()) {
        char c = s.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && !atEnd()) {
          c = s.charAt(at++);
        }
        value.append(c);
      }
      throw new ModelException("Content-Type: the quoted value of " + name + " is not closed");
    }
  }
}
