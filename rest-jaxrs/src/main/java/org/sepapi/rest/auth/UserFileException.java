package org.sepapi.rest.auth;

import org.sepapi.core.SepException;

/**
 * A user file that cannot be read: the message names the file, the line and what is wrong with it,
 * never a secret. Immutable.
 */
public final class UserFileException extends SepException {
  private static final long serialVersionUID = 1L;

  private final int line;

  /**
   * @param source the file's name, as it should appear in the message
   * @param line the 1-based line number, or 0 when the error is not on one line
   * @param problem what is wrong
   */
  public UserFileException(String source, int line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem);
    this.line = line;
  }

  UserFileException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.line = 0;
  }

  /** The 1-based line the error is on; 0 when it is not on one line (an unreadable file). */
  public int line() {
    return line;
  }
}
