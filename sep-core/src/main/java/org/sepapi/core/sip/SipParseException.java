package org.sepapi.core.sip;

import org.sepapi.core.SepException;

/** A SIP header, URI or message that cannot be read; the message says which and why. */
public final class SipParseException extends SepException {
  private static final long serialVersionUID = 1L;

  public SipParseException(String message) {
    super(message);
  }
}
