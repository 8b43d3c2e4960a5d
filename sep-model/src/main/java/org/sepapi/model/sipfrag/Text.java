package org.sepapi.model.sipfrag;

/** Character classes of SIP text. */
final class Text {
  private static final String TOKEN_PUNCTUATION = "-.!%*_+`'~";

  private Text() {}

  /** RFC 3261 {@code token}: letters, digits and {@code -.!%*_+`'~}. */
  static boolean isToken(String s) {
    return !s.isEmpty() && tokenLength(s, 0) == s.length();
  }

  /** How many token characters start at {@code from}. */
  static int tokenLength(String s, int from) {
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

  /** Index of the first character a line cannot hold (a control character but the tab), or -1. */
  static int badCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return i;
      }
    }
    return -1;
  }

  /** A value a builder will write on one line: refused when it holds a control character. */
  static String lineText(String value, String what) {
    int bad = badCharacter(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what
              + " holds a character a line cannot carry: U+"
              + String.format("%04X", (int) value.charAt(bad)));
    }
    return value;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
