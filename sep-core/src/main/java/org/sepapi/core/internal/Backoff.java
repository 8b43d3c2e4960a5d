package org.sepapi.core.internal;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: after the {@code n}th failed attempt the next one waits a
 * uniformly random time between zero and {@code min(max, initial * multiplier^(n-1))}. Full jitter
 * spreads the retries of many callbacks that failed together (a receiver restart) instead of
 * sending them back in waves. Delays are whole milliseconds. Immutable.
 *
 * @param initial the ceiling after the first failure, at least one millisecond
 * @param multiplier how much the ceiling grows per failure, at least 1
 * @param max the greatest ceiling, at least {@code initial}
 */
public record Backoff(Duration initial, double multiplier, Duration max) {
  public Backoff {
    if (initial == null || initial.toMillis() < 1) {
      throw new IllegalArgumentException("an initial backoff is at least 1 ms: " + initial);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "a backoff multiplier is a finite number >= 1: " + multiplier);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "a maximum backoff is at least the initial one (" + initial + "): " + max);
    }
    if (max.toMillis() > Duration.ofDays(365).toMillis()) {
      throw new IllegalArgumentException("a maximum backoff is at most a year: " + max);
    }
  }

  /**
   * The longest wait after {@code failures} failed attempts.
   *
   * @throws IllegalArgumentException if {@code failures < 1}
   */
  public Duration ceiling(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("a backoff follows at least one failure: " + failures);
    }
    double millis = initial.toMillis() * Math.pow(multiplier, failures - 1.0);
    long cap = max.toMillis();
    return Duration.ofMillis(millis >= cap ? cap : (long) millis);
  }

  /**
   * The wait after {@code failures} failed attempts for the random draw {@code uniform}: {@code
   * uniform * ceiling(failures)}, rounded to the millisecond.
   *
   * @param uniform a draw in {@code [0, 1]}
   * @throws IllegalArgumentException if {@code failures < 1} or {@code uniform} is outside [0, 1]
   */
  public Duration delay(int failures, double uniform) {
    if (!(uniform >= 0.0 && uniform <= 1.0)) {
      throw new IllegalArgumentException("a jitter draw is in [0, 1]: " + uniform);
    }
    return Duration.ofMillis(Math.round(ceiling(failures).toMillis() * uniform));
  }
}
