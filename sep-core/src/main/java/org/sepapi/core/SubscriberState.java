package org.sepapi.core;

/**
 * The states of one SIP subscription on the subscriber's side (RFC 6665 section 4.1), after pjsip's
 * evsub states, plus the two waits a long-lived subscription needs. The allowed moves are in the
 * transition table of the state machine; any other is a defect.
 */
public enum SubscriberState {
  /** Created, nothing sent. */
  INIT,
  /** A SUBSCRIBE that creates the subscription is in flight. */
  SENT,
  /** A 2xx came; no NOTIFY yet (Timer N runs). */
  ACCEPTED,
  /** A NOTIFY said pending: the notifier has not authorised the subscription yet. */
  PENDING,
  /** A NOTIFY said active. */
  ACTIVE,
  /** Waiting to subscribe again: after a failure (backoff, Retry-After) or a termination. */
  WAITING,
  /** An unsubscribe (Expires: 0) was sent; waiting a bounded time for the final NOTIFY. */
  UNSUBSCRIBING,
  /** Over for good: stopped, refused, or ended by the notifier with a final reason. */
  TERMINATED
}
