package org.sepapi.callcontrol.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.sepapi.core.IllegalStateTransitionException;

/**
 * A call state machine's transition table: which phase may follow which. Built once in a static
 * initializer, then read only: thread-safe.
 */
final class TransitionTable<P extends Enum<P>> {
  private final Class<P> type;
  private final Map<P, Set<P>> next;

  TransitionTable(Class<P> type) {
    this.type = type;
    this.next = new EnumMap<>(type);
  }

  /** Allows {@code from -> each of to}; a phase given no row is final. */
  @SafeVarargs
  final TransitionTable<P> allow(P from, P... to) {
    Set<P> row = EnumSet.noneOf(type);
    Collections.addAll(row, to);
    next.put(from, row);
    return this;
  }

  /**
   * {@code to}, if the table has {@code from -> to}.
   *
   * @throws IllegalStateTransitionException if it has not (a defect, never a peer's doing)
   */
  P move(P from, P to) {
    Set<P> row = next.get(from);
    if (row == null || !row.contains(to)) {
      throw new IllegalStateTransitionException(from, to);
    }
    return to;
  }
}
