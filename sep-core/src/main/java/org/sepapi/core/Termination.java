package org.sepapi.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Why a SIP subscription (or one dialog of it) ended: the notifier's Subscription-State reason,
 * kept verbatim when it is not one RFC 6665 defines, or the status of a refused SUBSCRIBE, or a
 * local cause. Immutable.
 *
 * @param reason the reason token: an RFC 6665 value ({@code deactivated}, {@code probation}, {@code
 *     rejected}, {@code timeout}, {@code giveup}, {@code noresource}, {@code invariant}), any other
 *     token a notifier sent, or a local one ({@code unsubscribed}, {@code expired}, {@code
 *     refused}, {@code failed})
 * @param retryAfter the notifier's retry-after, in seconds
 * @param status the SIP status that ended it, when a response did
 */
public record Termination(String reason, OptionalLong retryAfter, OptionalInt status) {
  /** The subscriber ended it (unsubscribe, API subscription deleted). */
  public static final Termination UNSUBSCRIBED = local("unsubscribed");

  /** The API subscription's expiry passed. */
  public static final Termination EXPIRED = local("expired");

  public Termination {
    Objects.requireNonNull(reason, "reason");
    reason = reason.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(status, "status");
  }

  /** A local cause with no status. */
  public static Termination local(String reason) {
    return new Termination(reason, OptionalLong.empty(), OptionalInt.empty());
  }

  /** A final response that refused the subscription: {@code refused} with the status. */
  public static Termination refused(int status) {
    return new Termination("refused", OptionalLong.empty(), OptionalInt.of(status));
  }

  /** The RFC 6665 reason, when it is one. */
  public Optional<Reason> knownReason() {
    return Reason.of(reason);
  }

  /** The reason values of RFC 6665 section 4.2.2 and what a subscriber does with each. */
  public enum Reason {
    /** Re-subscribe at once (a new subscription). */
    DEACTIVATED(true),
    /** Re-subscribe later, after retry-after if given. */
    PROBATION(true),
    /** Refused by policy: do not re-subscribe. */
    REJECTED(false),
    /** The subscription was not refreshed in time: re-subscribe. */
    TIMEOUT(true),
    /** The notifier gave up waiting for authorisation: re-subscribe later. */
    GIVEUP(true),
    /** The resource no longer exists: do not re-subscribe. */
    NORESOURCE(false),
    /** The resource will never change: do not re-subscribe. */
    INVARIANT(false);

    private final boolean resubscribe;

    Reason(boolean resubscribe) {
      this.resubscribe = resubscribe;
    }

    /** Whether RFC 6665 has the subscriber try again. */
    public boolean resubscribe() {
      return resubscribe;
    }

    /** Whether a new subscription waits (retry-after or a backoff) rather than going at once. */
    public boolean waitsBeforeResubscribing() {
      return this == PROBATION || this == GIVEUP;
    }

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Reason> of(String token) {
      for (Reason reason : values()) {
        if (reason.token().equals(token)) {
          return Optional.of(reason);
        }
      }
      return Optional.empty();
    }
  }
}
