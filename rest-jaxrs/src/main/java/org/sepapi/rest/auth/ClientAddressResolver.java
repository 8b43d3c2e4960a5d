package org.sepapi.rest.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Tells {@link HttpAuthFilter} the address a request came from, which Jakarta REST itself does not:
 * each host server has its own way. The default, {@link #fromProperty()}, reads the request
 * property {@value #PROPERTY}, which the host's adapter sets (a servlet filter or a pre-matching
 * {@code ContainerRequestFilter} with the host's request object); {@link JdkHttpClientAddress}
 * serves the JDK's built-in HTTP server. A request whose address is not known is never from a
 * trusted host.
 *
 * <p>Headers such as {@code X-Forwarded-For} are not read by the built-in resolvers: a client
 * writes them. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ClientAddressResolver {
  /**
   * The request property {@link #fromProperty()} reads: an {@link InetAddress}, an {@link
   * InetSocketAddress} or the address as an IP literal string.
   */
  String PROPERTY = "org.sepapi.rest.auth.clientAddress";

  /** The address of the client that sent {@code request}; empty when it is not known. */
  Optional<InetAddress> resolve(ContainerRequestContext request);

  /** Reads the request property {@value #PROPERTY}. */
  static ClientAddressResolver fromProperty() {
    return request -> {
      Object value = request.getProperty(PROPERTY);
      if (value instanceof InetAddress address) {
        return Optional.of(address);
      }
      if (value instanceof InetSocketAddress socket && socket.getAddress() != null) {
        return Optional.of(socket.getAddress());
      }
      if (value instanceof String text) {
        return IpLiterals.parse(text);
      }
      return Optional.empty();
    };
  }
}
