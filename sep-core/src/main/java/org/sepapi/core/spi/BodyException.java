package org.sepapi.core.spi;

import org.sepapi.core.SepException;

/** A NOTIFY body that its event package cannot read. */
public final class BodyException extends SepException {
  private static final long serialVersionUID = 1L;

  public BodyException(String message) {
    super(message);
  }

  public BodyException(String message, Throwable cause) {
    super(message, cause);
  }
}
