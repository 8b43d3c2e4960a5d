package org.sepapi.rest.auth;

import java.util.Optional;

/**
 * Where the gateway looks users up: by the name a client gives in its Digest credentials or in a
 * call controller URL. {@link InMemoryUserDirectory} is the built-in implementation (from code or
 * from a file); a deployment may implement this over its own user store.
 *
 * <p>Implementations must be thread-safe and fast: {@link #find} runs on every authenticated
 * request, on the host server's request thread.
 */
@FunctionalInterface
public interface UserDirectory {
  /**
   * The user called {@code name} (compared exactly); empty when there is none. Must not throw for a
   * name that is not a valid user name: it is simply not found.
   */
  Optional<User> find(String name);

  /**
   * Whether {@code agent} may act for {@code user}, as the call controller's {@code agent}
   * parameter asks: the agent is a user of this directory and {@linkplain User#mayActFor may act
   * for} that user (always for itself).
   */
  default boolean mayActFor(String agent, String user) {
    return find(agent).map(a -> a.mayActFor(user)).orElse(false);
  }
}
