package org.sepapi.rest.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Refuses a request to the API that reached it without an authenticated caller, with {@code 401}
 * and an {@code <error>} document, before its body is read: the defence for a host that forgot its
 * authentication filter. Runs after authentication, bound to the API's resources only. Thread-safe
 * (stateless).
 */
@SepEndpoint
public final class PrincipalRequired implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    if (owner(request.getSecurityContext()) == null) {
      request.abortWith(Errors.response(401, Errors.describe(401)));
    }
  }

  /** The caller's name, or null when there is no authenticated caller. */
  static String owner(SecurityContext security) {
    if (security == null) {
      return null;
    }
    Principal principal = security.getUserPrincipal();
    if (principal == null) {
      return null;
    }
    String name = principal.getName();
    return name == null || name.isBlank() ? null : name;
  }
}
