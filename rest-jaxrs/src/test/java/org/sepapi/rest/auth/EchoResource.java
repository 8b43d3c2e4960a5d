package org.sepapi.rest.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** Echoes who the filter said the caller is: {@code name scheme trusted|user secure}. */
@Path("/echo")
public class EchoResource {
  @GET
  @Produces("text/plain")
  public String get(@Context SecurityContext context) {
    return describe(context);
  }

  @POST
  @Produces("text/plain")
  public String post(@Context SecurityContext context, String body) {
    return describe(context) + " " + body;
  }

  @GET
  @Path("{rest: .*}")
  @Produces("text/plain")
  public String sub(@Context SecurityContext context) {
    return describe(context);
  }

  private static String describe(SecurityContext context) {
    ApiPrincipal principal = ApiPrincipal.of(context).orElseThrow();
    return principal.getName()
        + " "
        + context.getAuthenticationScheme()
        + " "
        + (principal.isTrustedHost() ? "trusted" : "user")
        + " "
        + context.isSecure();
  }
}
