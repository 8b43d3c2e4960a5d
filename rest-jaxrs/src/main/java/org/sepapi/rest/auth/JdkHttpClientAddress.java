package org.sepapi.rest.auth;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The client address for a Jakarta REST application served by the JDK's built-in HTTP server
 * ({@code com.sun.net.httpserver}, as Jersey's {@code jersey-container-jdk-http} does). Add {@link
 * #filter()} to the server's context and give this to {@link HttpAuthFilter.Builder#clientAddress}:
 *
 * <pre>{@code
 * JdkHttpClientAddress addresses = JdkHttpClientAddress.create();
 * HttpContext context = server.createContext("/", jerseyHandler);
 * context.getFilters().add(addresses.filter());
 * HttpAuthFilter auth = HttpAuthFilter.builder()...clientAddress(addresses).build();
 * }</pre>
 *
 * <p>The filter holds the exchange's remote address for the thread that handles the exchange; the
 * request filters of Jakarta REST run on that thread (before any asynchronous resource method could
 * move the request elsewhere). Thread-safe.
 */
public final class JdkHttpClientAddress implements ClientAddressResolver {
  private final ThreadLocal<InetAddress> current = new ThreadLocal<>();

  private JdkHttpClientAddress() {}

  /** A resolver with its filter. */
  public static JdkHttpClientAddress create() {
    return new JdkHttpClientAddress();
  }

  /** The filter to add to every {@code HttpContext} that serves the application. */
  public Filter filter() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        InetSocketAddress remote = exchange.getRemoteAddress();
        current.set(remote == null ? null : remote.getAddress());
        try {
          chain.doFilter(exchange);
        } finally {
          current.remove();
        }
      }

      @Override
      public String description() {
        return "sepapi: remembers the client address for HttpAuthFilter";
      }
    };
  }

  @Override
  public Optional<InetAddress> resolve(ContainerRequestContext request) {
    return Optional.ofNullable(current.get());
  }
}
