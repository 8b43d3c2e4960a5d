package org.sepapi.core;

/**
 * A digest challenge that sepapi cannot answer: an unknown scheme, algorithm or qop, a challenge
 * without realm or nonce, credentials that do not fit it. The message says which. Immutable.
 */
public final class AuthenticationException extends SepException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
