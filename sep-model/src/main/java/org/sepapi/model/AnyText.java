package org.sepapi.model;

import java.util.Objects;

/**
 * Character data inside an {@link AnyElement}. Whitespace-only runs between elements are not kept:
 * they are formatting.
 *
 * <p>Thread-safe (immutable).
 */
public record AnyText(String text) implements AnyNode {
  public AnyText {
    Objects.requireNonNull(text, "text");
  }
}
