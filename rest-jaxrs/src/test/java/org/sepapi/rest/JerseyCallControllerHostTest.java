package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.sepapi.rest.auth.ClientAddressResolver;
import org.sepapi.rest.auth.JdkHttpClientAddress;

/**
 * The call controller API in Jersey on the JDK's HTTP server, whose contexts carry {@link
 * JdkHttpClientAddress}'s filter so that trusted hosts can be recognised.
 */
class JerseyCallControllerHostTest extends CallControllerContract {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final JdkHttpClientAddress addresses = JdkHttpClientAddress.create();

  @Override
  ClientAddressResolver clientAddresses() {
    return addresses;
  }

  @Override
  @SuppressWarnings("deprecation") // getSingletons: what the application hands over
  Host start(Application application) {
    String implementation = RuntimeDelegate.getInstance().getClass().getName();
    assertTrue(
        implementation.startsWith("org.glassfish.jersey."),
        "alone on the class path: " + implementation);
    ResourceConfig config = new ResourceConfig().registerInstances(application.getSingletons());
    ExecutorService threads = Executors.newFixedThreadPool(4);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpContext context =
        server.createContext("/", ContainerFactory.createContainer(HttpHandler.class, config));
    context.getFilters().add(addresses.filter());
    server.setExecutor(threads);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new Host() {
      @Override
      public URI base() {
        return base;
      }

      @Override
      public void close() {
        server.stop(0);
        threads.shutdownNow();
      }
    };
  }
}
