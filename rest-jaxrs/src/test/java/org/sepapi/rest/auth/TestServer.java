package org.sepapi.rest.auth;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.Priorities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.sepapi.core.sip.Challenge;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port): the JDK's server, Jersey, {@link
 * EchoResource} behind the filter under test, and {@link JdkHttpClientAddress} on the context.
 */
final class TestServer implements AutoCloseable {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final HttpServer server;
  private final URI base;

  private TestServer(HttpServer server) {
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves {@link EchoResource} behind the filter that {@code auth} builds. */
  static TestServer start(HttpAuthFilter.Builder auth) {
    JdkHttpClientAddress addresses = JdkHttpClientAddress.create();
    return start(auth.clientAddress(addresses).build(), addresses);
  }

  /** Serves {@link EchoResource} behind {@code filter}; {@code addresses} may be null. */
  static TestServer start(HttpAuthFilter filter, JdkHttpClientAddress addresses) {
    ResourceConfig config = new ResourceConfig(EchoResource.class);
    config.register(filter, Priorities.AUTHENTICATION);
    HttpHandler jersey = ContainerFactory.createContainer(HttpHandler.class, config);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      HttpContext context = server.createContext("/", jersey);
      if (addresses != null) {
        context.getFilters().add(addresses.filter());
      }
      server.start();
      return new TestServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String target) {
    return base.resolve(target);
  }

  HttpResponse<String> get(String target, String... headers) {
    return send(HttpRequest.newBuilder(uri(target)).GET(), headers);
  }

  HttpResponse<String> post(String target, String body, String... headers) {
    return send(
        HttpRequest.newBuilder(uri(target))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "text/plain"),
        headers);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The Digest challenges of a 401, in order. */
  static List<Challenge> challenges(HttpResponse<?> response) {
    return response.headers().allValues("WWW-Authenticate").stream()
        .map(value -> Challenge.parse(value, false))
        .toList();
  }

  /** The challenge for {@code algorithm} ({@code SHA-256} or {@code MD5}) of a 401. */
  static Challenge challenge(HttpResponse<?> response, String algorithm) {
    return challenges(response).stream()
        .filter(c -> c.algorithm().equalsIgnoreCase(algorithm))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + algorithm + " challenge: " + response));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
