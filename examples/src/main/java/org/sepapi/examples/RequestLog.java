package org.sepapi.examples;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.security.Principal;

/**
 * Logs what the API did: subscriptions created, changed and deleted at INFO, refusals at INFO with
 * their status, reads at DEBUG. Thread-safe.
 */
final class RequestLog implements ContainerResponseFilter {
  private static final System.Logger LOG = System.getLogger("org.sepapi.examples.api");

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    String method = request.getMethod();
    Principal caller =
        request.getSecurityContext() == null
            ? null
            : request.getSecurityContext().getUserPrincipal();
    String who = caller == null ? "(no caller)" : caller.getName();
    String path = "/" + request.getUriInfo().getPath();
    if (status == 201) {
      LOG.log(
          System.Logger.Level.INFO,
          "subscription created by {0}: {1}",
          who,
          response.getHeaderString("Location"));
    } else if (status < 300 && method.equals("DELETE")) {
      LOG.log(System.Logger.Level.INFO, "subscription deleted by {0}: {1}", who, path);
    } else if (status < 300 && method.equals("PUT")) {
      LOG.log(System.Logger.Level.INFO, "subscription changed by {0}: {1}", who, path);
    } else if (status >= 400) {
      LOG.log(System.Logger.Level.INFO, "{0} {1} by {2} refused: {3}", method, path, who, status);
    } else {
      LOG.log(System.Logger.Level.DEBUG, "{0} {1} by {2}: {3}", method, path, who, status);
    }
  }
}
