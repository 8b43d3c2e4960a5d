package org.sepapi.core;

/**
 * The one unchecked root of every exception sepapi throws on purpose. Misuse of an API (a closed
 * service, a bad argument) throws the JDK's {@link IllegalStateException} or {@link
 * IllegalArgumentException} instead.
 */
public class SepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SepException(String message) {
    super(message);
  }

  public SepException(String message, Throwable cause) {
    super(message, cause);
  }
}
