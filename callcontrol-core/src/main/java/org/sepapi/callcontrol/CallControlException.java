package org.sepapi.callcontrol;

import org.sepapi.core.SepException;

/** The call controller cannot take a call now: it holds as many calls as it may. */
public final class CallControlException extends SepException {
  private static final long serialVersionUID = 1L;

  public CallControlException(String message) {
    super(message);
  }
}
