package org.sepapi.core.spi;

import java.util.Objects;
import org.sepapi.core.SepException;

/** A client transaction that ended without a final response, and why. */
public final class TransportException extends SepException {
  private static final long serialVersionUID = 1L;

  /** Why a transaction failed. */
  public enum Kind {
    /** No final response in time (RFC 3261 Timer B or F): handled like a 408. */
    TIMEOUT,
    /** The destination could not be resolved or reached (ICMP error, connection refused). */
    UNREACHABLE,
    /** The transport was closed while the transaction was pending. */
    CLOSED,
    /** The request could not be sent: malformed for the wire, too large, an I/O error. */
    SEND_FAILED
  }

  private final Kind kind;

  public TransportException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public TransportException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
