package org.sepapi.examples;

import java.util.logging.LogManager;

/**
 * java.util.logging's manager for the gateway: the JDK's own resets (closes every handler) in a
 * shutdown hook of its own, which runs beside the gateway's and would swallow what the shutdown
 * logs ("unsubscribed ...", "stopped"). This one resets only when the gateway's hook says so.
 * Thread-safe.
 */
public final class GatewayLogManager extends LogManager {
  private volatile boolean holdResets;

  /** From now on {@link #reset()} waits for {@link #resetNow()}. */
  void holdResets() {
    holdResets = true;
  }

  @Override
  public void reset() {
    if (!holdResets) {
      super.reset();
    }
  }

  /** Resets now: the last thing the gateway's shutdown does. */
  void resetNow() {
    super.reset();
  }
}
