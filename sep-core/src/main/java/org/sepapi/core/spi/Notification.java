package org.sepapi.core.spi;

import java.net.URI;
import java.util.Objects;

/**
 * One callback of one API subscription, ready to send: a {@code <subscription>} document whose RLMI
 * list has {@code version} and {@code fullState}. Immutable.
 *
 * @param subscriptionId the API subscription it belongs to
 * @param callback where it goes
 * @param version the RLMI version, one more than the previous callback's
 * @param fullState whether the list carries every resource (the first callback, after a resync) or
 *     only those that changed
 * @param terminal whether this is the last callback of the subscription (it ended)
 * @param body the document
 */
public record Notification(
    String subscriptionId,
    URI callback,
    long version,
    boolean fullState,
    boolean terminal,
    Body body) {
  public Notification {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(body, "body");
    if (version < 0) {
      throw new IllegalArgumentException("version < 0: " + version);
    }
  }
}
