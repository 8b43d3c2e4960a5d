package org.sepapi.core.internal;

import org.sepapi.core.spi.Body;

/**
 * What one subscription dialog has been told so far, merged: a single resource's state (fan-out
 * mode) or an RLS list's resources (RLS mode). Confined to the subscription's executor.
 */
public interface NotifyContent {
  /** What applying one NOTIFY body did. */
  enum Outcome {
    CHANGED,
    UNCHANGED,
    /** Part of the body changed the state, and the full state must be fetched for the rest. */
    CHANGED_RESYNC,
    /**
     * The body could not be applied (a version gap, a partial state first): fetch the full state.
     */
    RESYNC
  }

  /**
   * Applies a NOTIFY body.
   *
   * @throws org.sepapi.core.spi.BodyException if the body cannot be read
   */
  Outcome apply(Body body);

  /** A NOTIFY came without a body: CHANGED if that cleared the state, else UNCHANGED. */
  Outcome applyEmpty();
}
