package org.sepapi.core.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSource;

/**
 * A subscription as a sink sees it: each {@link #change()} is numbered (1, 2, 3...), and {@link
 * #take()} hands every change since the last take as one notification whose body lists their
 * numbers ({@code "2,3,4"}), with the next version. It records what the sink did, in order.
 */
final class FakeSource implements NotificationSource {
  /** How one notification ended. */
  record Outcome(Notification notification, DeliveryOutcome outcome) {
    String text() {
      return notification.body().text();
    }
  }

  private final String id;
  private final URI callback;
  private final boolean asyncTakes;
  private final List<Integer> pending = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
  private int changes;
  private long version;
  private int taken;
  private Notification outstanding;

  FakeSource(String id, URI callback) {
    this(id, callback, false);
  }

  /** A source whose take() completes on another thread if {@code asyncTakes}. */
  FakeSource(String id, URI callback, boolean asyncTakes) {
    this.id = id;
    this.callback = callback;
    this.asyncTakes = asyncTakes;
  }

  /** Makes one more change; returns its number. */
  synchronized int change() {
    pending.add(++changes);
    return changes;
  }

  @Override
  public String subscriptionId() {
    return id;
  }

  @Override
  public CompletionStage<Optional<Notification>> take() {
    Optional<Notification> next = next();
    return asyncTakes
        ? CompletableFuture.supplyAsync(() -> next)
        : CompletableFuture.completedFuture(next);
  }

  private synchronized Optional<Notification> next() {
    if (outstanding != null) {
      fail("take() while notification " + outstanding.version() + " is not delivered");
    }
    taken++;
    if (pending.isEmpty()) {
      calls.add("take:empty");
      return Optional.empty();
    }
    String body = pending.stream().map(String::valueOf).collect(Collectors.joining(","));
    pending.clear();
    version++;
    outstanding =
        new Notification(
            id, callback, version, version == 1, false, Body.of("text/plain; charset=utf-8", body));
    calls.add("take:" + version);
    return Optional.of(outstanding);
  }

  @Override
  public void delivered(Notification notification, DeliveryOutcome outcome) {
    synchronized (this) {
      if (notification != outstanding) {
        fail("delivered() for " + notification + " but " + outstanding + " is outstanding");
      }
      outstanding = null;
      calls.add("delivered:" + notification.version() + ":" + outcome);
    }
    outcomes.add(new Outcome(notification, outcome));
  }

  /** The next outcome, waiting for it. */
  Outcome awaitOutcome() throws InterruptedException {
    Outcome outcome = outcomes.poll(CallbackServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (outcome == null) {
      fail("no outcome for " + id + " within " + CallbackServer.WAIT + "; calls: " + calls());
    }
    return outcome;
  }

  /** Whether an outcome was reported and not yet awaited. */
  boolean hasOutcome() {
    return !outcomes.isEmpty();
  }

  /** How many times the sink called take(). */
  synchronized int taken() {
    return taken;
  }

  /** The sink's calls so far: {@code take:<version>}, {@code take:empty}, {@code delivered:...}. */
  synchronized List<String> calls() {
    return List.copyOf(calls);
  }
}
