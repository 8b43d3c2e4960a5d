package org.sepapi.rest.internal;

import jakarta.ws.rs.WebApplicationException;

/**
 * A request the API refuses, with the status and the message of its {@code <error>} document. It is
 * a {@link WebApplicationException} carrying that document, so a host answers it correctly even
 * where it calls no exception mapper (a failure inside a message body reader, say). Immutable.
 */
public final class ApiException extends WebApplicationException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public ApiException(int status, String message) {
    super(message, null, Errors.response(status, message));
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }
}
