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
  /** The API subscription's id, for ordering and logs. */
  String subscriptionId();

  /**
   * Takes what is pending as one notification (every change since the last taken one), with the
   * next version number; empty if nothing is pending.
   */
  CompletionStage<Optional<Notification>> take();

  /** Says how the delivery of a taken notification ended. Called once per taken notification. */
  void delivered(Notification notification, DeliveryOutcome outcome);
}
