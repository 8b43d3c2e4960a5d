package org.sepapi.model;

/**
 * Character data inside an {@link AnyElement}. Whitespace-only runs between elements are not kept:
 * they are formatting.
 *
 * <p>Thread-safe (immutable).
 */
public record AnyText(String text) implements AnyNode {
  public AnyText {
    org.sepapi.model.internal.Checks.requiredText(text, "text");
  }
}
