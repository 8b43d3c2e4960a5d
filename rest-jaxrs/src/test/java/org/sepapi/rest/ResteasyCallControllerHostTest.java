package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.sepapi.rest.auth.ClientAddressResolver;

/**
 * The call controller API in RESTEasy on Undertow (a servlet container). The client address comes
 * from the servlet request, which a pre-matching filter puts in the request property that {@link
 * ClientAddressResolver#fromProperty()} reads. Runs in the RESTEasy surefire execution.
 */
class ResteasyCallControllerHostTest extends CallControllerContract {
  @Override
  ClientAddressResolver clientAddresses() {
    return ClientAddressResolver.fromProperty();
  }

  @Override
  @SuppressWarnings("deprecation") // getSingletons: what the application hands over
  Host start(Application application) {
    String implementation = RuntimeDelegate.getInstance().getClass().getName();
    assertTrue(
        implementation.startsWith("org.jboss.resteasy."),
        "alone on the class path: " + implementation);
    Set<Object> singletons = new HashSet<>(application.getSingletons());
    singletons.add(new ServletClientAddress());
    Server server = new Server();
    server.deploy(
        new Application() {
          @Override
          public Set<Object> getSingletons() {
            return singletons;
          }
        },
        "/");
    server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
    URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
    return new Host() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        server.stop();
      }
    };
  }

  /** Tells the authentication filter the servlet request's remote address. */
  @PreMatching
  public static final class ServletClientAddress implements ContainerRequestFilter {
    @Context private HttpServletRequest servlet;

    @Override
    public void filter(ContainerRequestContext request) {
      request.setProperty(ClientAddressResolver.PROPERTY, servlet.getRemoteAddr());
    }
  }

  /** Undertow's JAX-RS server, telling the port it bound. */
  private static final class Server extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }
}
