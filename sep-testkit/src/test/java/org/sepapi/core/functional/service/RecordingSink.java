package org.sepapi.core.functional.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.model.api.Subscription;

/**
 * A {@link NotificationSink} that takes and reports synchronously, as the contract says: one
 * notification in flight per source, a signal while one is in flight (or while paused) has the
 * source taken once more afterwards. It answers {@link DeliveryOutcome#DELIVERED} unless the test
 * scripted other outcomes, and records every notification it took. Paused, it only remembers the
 * signals, so changes coalesce in the source until {@link #resume()}. Thread-safe (one lock).
 */
final class RecordingSink implements NotificationSink {
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final List<Notification> taken = new ArrayList<>();
  private final List<DeliveryOutcome> outcomes = new ArrayList<>();
  private final Deque<DeliveryOutcome> script = new ArrayDeque<>();
  private final List<Throwable> failures = new ArrayList<>();
  private int signals;
  private boolean paused;
  private boolean closed;

  private static final class Entry {
    NotificationSource source;
    boolean inFlight;
    boolean again;

    Entry(NotificationSource source) {
      this.source = source;
    }
  }

  @Override
  public synchronized void signal(NotificationSource source) {
    if (closed) {
      return;
    }
    signals++;
    Entry entry = entries.computeIfAbsent(source.subscriptionId(), id -> new Entry(source));
    entry.source = source;
    entry.again = true;
    pump(entry);
  }

  private void pump(Entry entry) {
    if (paused || closed || entry.inFlight || !entry.again) {
      return;
    }
    entry.again = false;
    entry.inFlight = true;
    NotificationSource source = entry.source;
    source
        .take()
        .whenComplete((notification, failure) -> taken(entry, source, notification, failure));
  }

  private synchronized void taken(
      Entry entry,
      NotificationSource source,
      Optional<Notification> notification,
      Throwable failure) {
    if (failure != null) {
      failures.add(failure);
    } else if (notification.isPresent() && !closed) {
      DeliveryOutcome outcome = script.isEmpty() ? DeliveryOutcome.DELIVERED : script.poll();
      taken.add(notification.get());
      outcomes.add(outcome);
      source.delivered(notification.get(), outcome);
    }
    entry.inFlight = false;
    pump(entry);
  }

  /** The outcomes to report for the next notifications taken, in order; then DELIVERED again. */
  synchronized void thenAnswer(DeliveryOutcome... next) {
    script.addAll(List.of(next));
  }

  /** Takes nothing until {@link #resume()}; signals are remembered. */
  synchronized void pause() {
    paused = true;
  }

  /** Takes what was signalled while paused. */
  synchronized void resume() {
    paused = false;
    for (Entry entry : List.copyOf(entries.values())) {
      pump(entry);
    }
  }

  /** Every notification taken, in order. */
  synchronized List<Notification> notifications() {
    return List.copyOf(taken);
  }

  /** The notifications taken for one subscription, in order. */
  synchronized List<Notification> notifications(String subscriptionId) {
    return taken.stream().filter(n -> n.subscriptionId().equals(subscriptionId)).toList();
  }

  /** The documents of every notification taken, decoded. */
  synchronized List<Subscription> documents() {
    return taken.stream().map(Docs::decode).toList();
  }

  synchronized int count() {
    return taken.size();
  }

  synchronized Notification last() {
    if (taken.isEmpty()) {
      throw new AssertionError("no notification was taken");
    }
    return taken.get(taken.size() - 1);
  }

  /** How many times a source signalled. */
  synchronized int signals() {
    return signals;
  }

  /** The outcomes reported, in order. */
  synchronized List<DeliveryOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Failed take() stages; a test checks that there are none. */
  synchronized List<Throwable> failures() {
    return List.copyOf(failures);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
