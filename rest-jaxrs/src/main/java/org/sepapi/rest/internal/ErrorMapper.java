package org.sepapi.rest.internal;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.sepapi.model.ModelException;
import org.sepapi.model.api.ApiError;

/**
 * Maps every failure to an {@code <error>} document: the API's own refusals with their status and
 * message, a host's refusals (404 for an unknown path, 405, 406, 415) with its status and a short
 * message (and its Allow, WWW-Authenticate or Retry-After header), and anything else to {@code 500}
 * with a generic message. A server failure is logged once, here, and never shown to the client.
 * Thread-safe (stateless).
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {
  private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());

  /** The headers of a host's refusal that the error document keeps. */
  private static final List<String> KEPT_HEADERS =
      List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER);

  @Override
  public Response toResponse(Throwable thrown) {
    Throwable failure = unwrap(thrown);
    if (failure instanceof ApiException api) {
      return Errors.response(api.status(), api.getMessage());
    }
    if (failure instanceof ModelException model) {
      return Errors.response(400, "malformed or invalid XML: " + model.getMessage());
    }
    if (failure instanceof WebApplicationException web && web.getResponse() != null) {
      return fromHost(web);
    }
    return unexpected(thrown);
  }

  private static Response fromHost(WebApplicationException web) {
    Response answer = web.getResponse();
    int status = answer.getStatus();
    if (status < 400) {
      return answer; // a redirect or the like: not a failure
    }
    if (answer.hasEntity() && !(answer.getEntity() instanceof ApiError)) {
      return answer; // the application's own answer
    }
    if (status >= 500) {
      LOG.log(System.Logger.Level.ERROR, "a failure answered with " + status, web);
    }
    Response.ResponseBuilder error = Errors.builder(status, Errors.describe(status));
    for (String header : KEPT_HEADERS) {
      List<Object> values = answer.getHeaders().get(header);
      if (values != null) {
        for (Object value : values) {
          error.header(header, value);
        }
      }
    }
    return error.build();
  }

  private static Response unexpected(Throwable thrown) {
    LOG.log(System.Logger.Level.ERROR, "unexpected failure answered with 500", thrown);
    return Errors.response(500, Errors.describe(500));
  }

  /** The failure inside the wrappers that a host or a stage adds. */
  private static Throwable unwrap(Throwable thrown) {
    Throwable failure = thrown;
    for (int depth = 0; depth < 8; depth++) {
      boolean wrapper =
          failure instanceof CompletionException
              || failure instanceof ExecutionException
              || failure instanceof ProcessingException;
      if (!wrapper || failure.getCause() == null || failure.getCause() == failure) {
        break;
      }
      failure = failure.getCause();
    }
    return failure;
  }
}
