package org.sepapi.core.spi;

import java.util.Optional;

/**
 * Applies one NOTIFY's state to a resource's current state, by its event package's rules (RFC 3680
 * for reg, RFC 4235 for dialog: full or partial, version numbers). Implementations are stateless
 * and thread-safe; the state they read and return is immutable.
 *
 * @param <T> the state value
 */
@FunctionalInterface
public interface StateMerger<T> {
  /**
   * Merges {@code incoming} into {@code current} ({@link Optional#empty()} before the first NOTIFY,
   * or after a resynchronisation began).
   */
  Merge<T> merge(Optional<T> current, T incoming);

  /** A merger for packages whose every NOTIFY carries the whole state: the new one replaces. */
  static <T> StateMerger<T> replacing() {
    return (current, incoming) ->
        current.isPresent() && current.get().equals(incoming)
            ? Merge.unchanged()
            : Merge.changed(incoming);
  }
}
