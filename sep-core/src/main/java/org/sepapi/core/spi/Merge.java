package org.sepapi.core.spi;

import java.util.Objects;

/**
 * What a {@link StateMerger} made of one NOTIFY: a changed state, no change (a duplicate or stale
 * NOTIFY), or a call for resynchronisation (a version gap, a partial state before any full one),
 * upon which the engine fetches the full state with a fresh SUBSCRIBE.
 *
 * @param <T> the state value
 */
public sealed interface Merge<T> {
  /**
   * The state to keep is a new one; {@code state} is the whole merged state. It may differ from the
   * one before only in its version (a refresh's full state, a partial document that changes
   * nothing): that version must be kept all the same, for the next partial document is checked
   * against it.
   */
  record Changed<T>(T state) implements Merge<T> {
    public Changed {
      Objects.requireNonNull(state, "state");
    }
  }

  /** Nothing changed: a duplicate, a stale version, the same state again. */
  record Unchanged<T>() implements Merge<T> {}

  /** The NOTIFY cannot be applied; the full state must be fetched again. */
  record Resync<T>(String reason) implements Merge<T> {
    public Resync {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static <T> Merge<T> changed(T state) {
    return new Changed<>(state);
  }

  static <T> Merge<T> unchanged() {
    return new Unchanged<>();
  }

  static <T> Merge<T> resync(String reason) {
    return new Resync<>(reason);
  }
}
