package org.sepapi.callcontrol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sepapi.core.spi.DeliveryOutcome;
import org.sepapi.core.spi.Notification;
import org.sepapi.core.spi.NotificationSink;
import org.sepapi.core.spi.NotificationSource;
import org.sepapi.core.spi.Scheduler;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.CallEvent;

/**
 * A sink that takes each signalled notification in a task of the manual scheduler (never inside the
 * signal, as a real sink) and keeps the decoded documents.
 */
final class RecordingSink implements NotificationSink {
  private static final XmlCodec<CallEvent> EVENTS = XmlCodec.of(CallEvent.class);
  final List<CallEvent> events = new ArrayList<>();
  private Scheduler scheduler;

  void scheduler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void signal(NotificationSource source) {
    scheduler.schedule(Duration.ZERO, () -> take(source));
  }

  private synchronized void take(NotificationSource source) {
    Optional<Notification> taken = source.take().toCompletableFuture().join();
    if (taken.isPresent()) {
      events.add(EVENTS.decode(taken.get().body().content()));
      source.delivered(taken.get(), DeliveryOutcome.DELIVERED);
    }
  }

  synchronized List<String> states() {
    return events.stream().map(e -> e.state().xml()).toList();
  }

  @Override
  public void close() {}
}
