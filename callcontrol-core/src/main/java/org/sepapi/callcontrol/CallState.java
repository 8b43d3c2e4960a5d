package org.sepapi.callcontrol;

import java.util.Locale;

/**
 * Where a call stands, as its callbacks and {@link CallStatus} report it. A call goes forward only:
 * {@code INITIATED}, then {@code RINGING} (may be skipped), then {@code ANSWERED}, then {@code
 * COMPLETED}; or to {@code FAILED} from any state before {@code COMPLETED}.
 */
public enum CallState {
  /** Accepted; the calling user's phone is being called. */
  INITIATED,
  /** The calling user's phone rings (a 180 or 183). */
  RINGING,
  /**
   * The calling user answered; the controller is now connecting them to the called user (REFER
   * sent, or the called user's leg being set up).
   */
  ANSWERED,
  /**
   * Ended after the called user was reached: the transfer rang or was answered (REFER), or both
   * legs were connected and one of them hung up (INVITE). Final.
   */
  COMPLETED,
  /**
   * Ended without reaching the called user: busy, no answer, refused, hung up early, cancelled on
   * request, or an error; {@link CallStatus#reason()} says which. Final.
   */
  FAILED;

  /** Whether the call has ended. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }

  /** The state's name as the API writes it: {@code initiated}, {@code ringing}, ... */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
