package org.sepapi.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;

/**
 * A {@link NotificationSink} that takes every notification as the contract says (one in flight per
 * source, a signal meanwhile takes once more afterwards), reports it delivered and records it.
 * Thread-safe (one lock).
 */
final class RecordingSink implements NotificationSink {
  private final Map<String, Boolean> inFlight = new HashMap<>();
  private final Map<String, Boolean> again = new HashMap<>();
  private final List<Notification> taken = new ArrayList<>();

  @Override
  public synchronized void signal(NotificationSource source) {
    again.put(source.subscriptionId(), true);
    pump(source);
  }

  private synchronized void pump(NotificationSource source) {
    String id = source.subscriptionId();
    if (inFlight.getOrDefault(id, false) || !again.getOrDefault(id, false)) {
      return;
    }
    again.put(id, false);
    inFlight.put(id, true);
    source.take().whenComplete((n, failure) -> taken(source, n, failure));
  }

  private synchronized void taken(
      NotificationSource source, Optional<Notification> notification, Throwable failure) {
    inFlight.put(source.subscriptionId(), false);
    if (failure == null && notification.isPresent()) {
      taken.add(notification.get());
      source.delivered(notification.get(), DeliveryOutcome.DELIVERED);
    }
    pump(source);
  }

  /** The notifications taken for one subscription, in order. */
  synchronized List<Notification> notifications(String subscriptionId) {
    return taken.stream().filter(n -> n.subscriptionId().equals(subscriptionId)).toList();
  }

  @Override
  public void close() {}
}
