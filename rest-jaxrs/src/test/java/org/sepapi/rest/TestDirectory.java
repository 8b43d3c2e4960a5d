package org.sepapi.rest;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sepapi.rest.auth.User;
import org.sepapi.rest.auth.UserDirectory;

/** A user directory that tests add users to as they go. Thread-safe. */
final class TestDirectory implements UserDirectory {
  private final Map<String, User> users = new ConcurrentHashMap<>();

  TestDirectory add(User user) {
    users.put(user.name(), user);
    return this;
  }

  @Override
  public Optional<User> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(users.get(name));
  }
}
