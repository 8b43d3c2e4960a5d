package org.sepapi.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** The API in Jersey on the JDK's HTTP server. */
class JerseyHostTest extends SepApiContract {
  static {
    // The JDK's server leaves Nagle's algorithm on by default: with the client's delayed ACK, each
    // answer whose head and body go out separately waits some 40 ms. Read once, when the server's
    // configuration class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  @Override
  @SuppressWarnings("deprecation") // getSingletons: what the application hands over
  Host start(Application application) {
    String implementation = RuntimeDelegate.getInstance().getClass().getName();
    assertTrue(
        implementation.startsWith("org.glassfish.jersey."),
        "alone on the class path: " + implementation);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    HttpServer server =
        JdkHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:0/"),
            new ResourceConfig().registerInstances(application.getSingletons()),
            false);
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
