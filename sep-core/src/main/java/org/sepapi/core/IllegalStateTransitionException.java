package org.sepapi.core;

/**
 * A state machine was asked to move along a transition its table does not have: a defect in sepapi,
 * never a peer's fault (a peer's unexpected message is answered and logged instead).
 */
public final class IllegalStateTransitionException extends SepException {
  private static final long serialVersionUID = 1L;

  public IllegalStateTransitionException(Enum<?> from, Enum<?> to) {
    super("no transition from " + from + " to " + to);
  }
}
