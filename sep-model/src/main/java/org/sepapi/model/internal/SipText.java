package org.sepapi.model.internal;

/** Character classes of SIP and mail header text, shared by the text formats. */
public final class SipText {
  private static final String TOKEN_PUNCTUATION = "-.!%*_+`'~";

  private SipText() {}

  /** RFC 3261 {@code token}: letters, digits and {@code -.!%*_+`'~}. */
  public static boolean isToken(String s) {
    return !s.isEmpty() && tokenLength(s, 0) == s.length();
  }

  /** How many token characters start at {@code from}. */
  public static int tokenLength(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_PUNCTUATION.indexOf(c) >= 0;
      if (!ok) {
        break;
      }
      i++;
    }
    return i - from;
  }

  /** RFC 5322 {@code field-name}: printable ASCII but the colon. */
  public static boolean isFieldName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126 || c == ':') {
        return false;
      }
    }
    return true;
  }

  /** Index of the first character a line cannot hold (a control character but the tab), or -1. */
  public static int badCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return i;
      }
    }
    return -1;
  }

  /** A value a builder will write on one line: refused when it holds a control character. */
  public static String lineText(String value, String what) {
    int bad = badCharacter(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what
              + " holds a character a line cannot carry: U+"
              + String.format("%04X", (int) value.charAt(bad)));
    }
    return value;
  }

  /** A value for an error message, shortened so that a hostile one cannot flood a log. */
  public static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
