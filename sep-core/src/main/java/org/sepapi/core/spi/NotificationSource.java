package org.sepapi.core.spi;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The side of an API subscription that a {@link NotificationSink} pulls from. Changes are not
 * pushed one by one: the subscription {@linkplain NotificationSink#signal signals} that it has
 * something, and the sink {@linkplain #take() takes} it when it is ready to send. Changes that
 * arrive while a callback is slow or down therefore coalesce into the next document, and memory
 * stays bounded by the subscription's state, not by the length of an outage.
 *
 * <p>Thread-safe: both methods may be called from any thread; the subscription completes them on
 * its own executor.
 */
public interface NotificationSource {
  /**
   * The API subscription's id, for ordering and logs. A sink keeps one subscription's notifications
   * in order by this id, so it is the same on every call.
   */
  String subscriptionId();

  /**
   * Takes what is pending as one notification (every change since the last taken one), with the
   * next version number; empty if nothing is pending. Returns at once; the stage completes when the
   * notification is ready. A sink calls it again only after it has reported the outcome of the
   * previous one through {@link #delivered}.
   */
  CompletionStage<Optional<Notification>> take();

  /**
   * Says how the delivery of a taken notification ended. Called once per taken notification, before
   * the next {@link #take()}, unless the sink is closed first: a closed sink abandons what it had
   * taken without a word. Must return quickly: a sink may call it on the thread that serves all its
   * sources. It may {@linkplain NotificationSink#signal signal} the sink again.
   */
  void delivered(Notification notification, DeliveryOutcome outcome);
}
