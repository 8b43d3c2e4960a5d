package org.sepapi.core.spi;

/** How the delivery of one {@link Notification} ended. */
public enum DeliveryOutcome {
  /** The callback answered 2xx. */
  DELIVERED,
  /** The callback answered {@code 410 Gone}: the receiver wants no more; the subscription ends. */
  GONE,
  /**
   * Every retry failed (or the callback was refused by policy): the notification is dropped, and
   * the subscription's next callback carries the full state so the receiver catches up.
   */
  GAVE_UP
}
