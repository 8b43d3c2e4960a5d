package org.sepapi.core.internal;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with full jitter (a random delay between half and all of the
 * exponential step, so a thousand subscriptions failing together do not retry together), and
 * Retry-After honoured within the cap. Immutable and thread-safe, given a thread-safe random.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || multiplier < 1) {
      throw new IllegalArgumentException("backoff: 0 < initial <= max, multiplier >= 1");
    }
  }

  /**
   * The delay before attempt {@code attempt} (1 for the first retry), at least {@code retryAfter}
   * seconds when the peer asked for it, never more than the cap.
   */
  public Duration delay(int attempt, OptionalLong retryAfterSeconds, RandomGenerator random) {
    double step = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(step, max.toMillis());
    long millis = (long) (capped / 2 + random.nextDouble() * capped / 2);
    if (retryAfterSeconds.isPresent()) {
      millis = Math.max(millis, Math.min(retryAfterSeconds.getAsLong() * 1000, max.toMillis()));
    }
    return Duration.ofMillis(Math.max(1, millis));
  }
}
