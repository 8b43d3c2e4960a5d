package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import org.sepapi.model.ModelException;

/** Checks on the URIs this package requires: present, and not only whitespace. */
final class Values {
  private Values() {}

  /** A URI a document read must have, refused when missing or blank. */
  static String present(String value, String what) {
    if (required(value, what).isBlank()) {
      throw new ModelException(what + " is empty");
    }
    return value;
  }

  /** A URI a builder must be given: not null, not blank, only characters XML carries. */
  static String nonBlank(String value, String what) {
    if (requiredText(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
