package org.sepapi.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.sepapi.rest.auth.ApiPrincipal;

/**
 * Stands in for the host's authentication: the caller is whoever the {@value #HEADER} header names
 * (the name {@value ApiPrincipal#TRUSTED_HOSTS} gives the trusted principal of {@link
 * ApiPrincipal#trustedHost()}, as a trusted host would have); without it the request has no
 * principal. Pre-matching, so it runs before the API's own filters. Stateless.
 */
@PreMatching
public final class TestPrincipalFilter implements ContainerRequestFilter {
  static final String HEADER = "X-Test-User";

  @Override
  public void filter(ContainerRequestContext request) {
    String user = request.getHeaderString(HEADER);
    if (user == null) {
      return;
    }
    Principal principal =
        user.equals(ApiPrincipal.TRUSTED_HOSTS) ? ApiPrincipal.trustedHost() : () -> user;
    SecurityContext original = request.getSecurityContext();
    request.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }

          @Override
          public boolean isUserInRole(String role) {
            return false;
          }

          @Override
          public boolean isSecure() {
            return original != null && original.isSecure();
          }

          @Override
          public String getAuthenticationScheme() {
            return "TEST";
          }
        });
  }
}
