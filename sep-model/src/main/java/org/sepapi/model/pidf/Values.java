package org.sepapi.model.pidf;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import org.sepapi.model.ModelException;

/** Checks on the values this package requires: present, and not only whitespace. */
final class Values {
  private Values() {}

  /** A value a document read must have, refused when missing or blank. */
  static String present(String value, String what) {
    if (required(value, what).isBlank()) {
      throw new ModelException(what + " is empty");
    }
    return value;
  }

  /** A value a builder must be given: not null, not blank, only characters XML carries. */
  static String nonBlank(String value, String what) {
    if (requiredText(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** A value for an error message, shortened so that a hostile one cannot flood a log. */
  static String quote(String value) {
    return "'" + (value.length() <= 64 ? value : value.substring(0, 64) + "...") + "'";
  }
}
