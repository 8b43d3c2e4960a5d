package org.sepapi.model;

/**
 * A document could not be read or written: it is malformed, hostile, too large, or does not follow
 * its schema. The message says what was wrong and, where the input has one, where.
 *
 * <p>This is the only exception a codec of this module throws for bad input. Thread-safe
 * (immutable).
 */
public final class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int line;
  private final int column;

  /** A problem with no position in the input (a size limit, an encoding failure). */
  public ModelException(String message) {
    this(message, -1, -1, null);
  }

  public ModelException(String message, Throwable cause) {
    this(message, -1, -1, cause);
  }

  /** A problem at a line and column of the input; either may be {@code -1} when unknown. */
  public ModelException(String message, int line, int column, Throwable cause) {
    super(describe(message, line, column), cause);
    this.reason = message;
    this.line = line;
    this.column = column;
  }

  /** What was wrong, without the position. */
  public String reason() {
    return reason;
  }

  /** This problem placed at a position, unless it already has one. */
  public ModelException at(int line, int column) {
    if (this.line >= 0 || line < 0) {
      return this;
    }
    return new ModelException(reason, line, column, getCause() == null ? this : getCause());
  }

  /** The line (1-based) where the problem was found, or {@code -1} when unknown. */
  public int line() {
    return line;
  }

  /** The column (1-based) where the problem was found, or {@code -1} when unknown. */
  public int column() {
    return column;
  }

  private static String describe(String message, int line, int column) {
    if (line < 0) {
      return message;
    }
    return column < 0
        ? "line " + line + ": " + message
        : "line " + line + ", column " + column + ": " + message;
  }
}
