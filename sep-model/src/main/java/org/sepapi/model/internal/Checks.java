package org.sepapi.model.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.sepapi.model.ModelException;

/** Checks shared by the bindings: required parts of a document that was read, immutable copies. */
public final class Checks {
  private Checks() {}

  /** A part the schema requires, refused with a clear message when a document left it out. */
  public static <T> T required(T value, String what) {
    if (value == null) {
      throw new ModelException(what + " is missing");
    }
    return value;
  }

  /** A value a document read must have, refused when missing or blank. */
  public static String present(String value, String what) {
    if (required(value, what).isBlank()) {
      throw new ModelException(what + " is empty");
    }
    return value;
  }

  /** A value a builder must be given: not null, not blank, only characters XML carries. */
  public static String nonBlank(String value, String what) {
    if (requiredText(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** A value for an error message, quoted and shortened so a hostile one cannot flood a log. */
  public static String quote(String value) {
    return "'" + SipText.abbreviate(value) + "'";
  }

  /** A non-negative number the schema requires. */
  public static long nonNegative(long value, String what) {
    if (value < 0) {
      throw new ModelException(what + " must not be negative: " + value);
    }
    return value;
  }

  /** An optional non-negative number. */
  public static Long nonNegative(Long value, String what) {
    if (value != null && value < 0) {
      throw new ModelException(what + " must not be negative: " + value);
    }
    return value;
  }

  /** A number a builder was given that may not be negative: misuse, not bad input. */
  public static long argumentNonNegative(long value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
    return value;
  }

  /** An optional number a builder was given that may not be negative. */
  public static Long argumentNonNegative(Long value, String what) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + value);
    }
    return value;
  }

  /** An immutable copy; null (a list JAXB never created) is empty. */
  public static <T> List<T> immutable(List<T> list) {
    return list == null || list.isEmpty() ? List.of() : List.copyOf(list);
  }

  /** An immutable copy that keeps order; null is empty. */
  public static Map<QName, String> immutable(Map<QName, String> map) {
    return map == null || map.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * A string a builder will write as XML text or an attribute: refused when it holds a character
   * XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF), so that writing
   * always produces a well-formed document. Null passes (an absent optional value).
   */
  public static String text(String value, String what) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
        continue;
      }
      boolean allowed =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD);
      if (!allowed) {
        throw new IllegalArgumentException(
            what + " holds a character XML cannot carry: U+" + String.format("%04X", (int) c));
      }
    }
    return value;
  }

  /** A required string a builder will write as XML: not null, and only characters XML carries. */
  public static String requiredText(String value, String what) {
    return text(argument(value, what), what);
  }

  /** An argument a builder needs. */
  public static <T> T argument(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what);
    }
    return value;
  }
}
