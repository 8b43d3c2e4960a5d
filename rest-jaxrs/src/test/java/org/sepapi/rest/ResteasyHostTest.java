package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

/**
 * The API in RESTEasy on Undertow (a servlet container). Runs in its own surefire execution, with
 * Jersey off the class path: two Jakarta REST implementations on one class path would share one
 * {@code RuntimeDelegate}.
 */
class ResteasyHostTest extends SepApiContract {
  @Override
  Host start(Application application) {
    String implementation = RuntimeDelegate.getInstance().getClass().getName();
    assertTrue(
        implementation.startsWith("org.jboss.resteasy."),
        "alone on the class path: " + implementation);
    Server server = new Server();
    server.deploy(application, "/");
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

  /** Undertow's JAX-RS server, telling the port it bound. */
  private static final class Server extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }
}
