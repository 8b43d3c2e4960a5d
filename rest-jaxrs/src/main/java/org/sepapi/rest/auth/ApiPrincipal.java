package org.sepapi.rest.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * Who made a request, as {@link HttpAuthFilter} found out: a {@linkplain User user} of the
 * directory who proved itself with HTTP Digest, or a trusted host, which gave no credentials.
 *
 * <p>The resources take {@link #getName()} as the owner of what the request creates, and show a
 * caller only what it owns. All trusted hosts share one name, {@value #TRUSTED_HOSTS}, which no
 * user can have (a user name cannot contain {@code ~}): they see each other's subscriptions and
 * calls, as one application spread over several hosts would want, and none of the users'. A trusted
 * host {@linkplain #mayActFor may act for} any user; one that wants to act as a particular user
 * sends that user's Digest credentials like any other client.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiPrincipal implements Principal {
  /** The name of the principal of every trusted host. */
  public static final String TRUSTED_HOSTS = "~trusted";

  private final String name;
  private final User user;

  private ApiPrincipal(String name, User user) {
    this.name = name;
    this.user = user;
  }

  /** The principal of a user who authenticated. */
  public static ApiPrincipal user(User user) {
    Objects.requireNonNull(user, "user");
    return new ApiPrincipal(user.name(), user);
  }

  /** The principal of a request from a trusted host. */
  public static ApiPrincipal trustedHost() {
    return new ApiPrincipal(TRUSTED_HOSTS, null);
  }

  /**
   * The principal of a request that {@link HttpAuthFilter} let through; empty when the security
   * context holds none (the filter is not registered) or another kind.
   */
  public static Optional<ApiPrincipal> of(SecurityContext context) {
    return context != null && context.getUserPrincipal() instanceof ApiPrincipal principal
        ? Optional.of(principal)
        : Optional.empty();
  }

  /** The user's name, or {@value #TRUSTED_HOSTS} for a trusted host. */
  @Override
  public String getName() {
    return name;
  }

  /** Whether the request came from a trusted host without credentials. */
  public boolean isTrustedHost() {
    return user == null;
  }

  /** The user who authenticated; empty for a trusted host. */
  public Optional<User> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Whether this caller may act for {@code userName} (the call controller's calling user or its
   * {@code agent}): a trusted host for anyone, a user as {@link User#mayActFor} says.
   */
  public boolean mayActFor(String userName) {
    return user == null || user.mayActFor(userName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiPrincipal other
        && name.equals(other.name)
        && Objects.equals(user, other.user);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "ApiPrincipal[" + name + "]";
  }
}
