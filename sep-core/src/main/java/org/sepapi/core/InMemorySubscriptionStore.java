package org.sepapi.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sepapi.core.spi.SubscriptionStore;

/**
 * A {@link SubscriptionStore} in a map: it survives an engine, not a process. Share one between two
 * engines in one JVM to hand subscriptions over. Thread-safe.
 */
public final class InMemorySubscriptionStore implements SubscriptionStore {
  private final ConcurrentHashMap<String, Stored> subscriptions = new ConcurrentHashMap<>();

  @Override
  public void save(Stored subscription) {
    subscriptions.put(subscription.id(), subscription);
  }

  @Override
  public void delete(String id) {
    subscriptions.remove(id);
  }

  @Override
  public Optional<Stored> find(String id) {
    return Optional.ofNullable(subscriptions.get(id));
  }

  @Override
  public List<Stored> all() {
    return List.copyOf(subscriptions.values());
  }
}
