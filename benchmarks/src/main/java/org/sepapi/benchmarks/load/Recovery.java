package org.sepapi.benchmarks.load;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How the rate of loop NOTIFYs came back once an overload ended: their count in each 1 s window
 * from the moment the load fell, and the first window from which the count stays at or above a
 * threshold for {@link #STEADY} windows in a row. Thread-safe (immutable).
 */
final class Recovery {
  /** How many windows in a row must hold the threshold. */
  static final int STEADY = 4;

  private final int[] perSecond;
  private final int recoveredAfter;

  private Recovery(int[] perSecond, int recoveredAfter) {
    this.perSecond = perSecond;
    this.recoveredAfter = recoveredAfter;
  }

  /**
   * The recovery seen in {@code sortedNanos} (arrival times, sorted) over {@code windows} 1 s
   * windows from {@code fallNanos}, a window holding when it has at least {@code threshold}.
   */
  static Recovery of(long[] sortedNanos, long fallNanos, int windows, double threshold) {
    int[] counts = perSecond(sortedNanos, fallNanos, windows);
    for (int first = 0; first + STEADY <= counts.length; first++) {
      int held = 0;
      while (held < STEADY && counts[first + held] >= threshold) {
        held++;
      }
      if (held == STEADY) {
        return new Recovery(counts, first + 1);
      }
    }
    return new Recovery(counts, -1);
  }

  /**
   * How many of {@code sortedNanos} fall in each of {@code windows} 1 s windows from {@code from}.
   */
  static int[] perSecond(long[] sortedNanos, long from, int windows) {
    long second = TimeUnit.SECONDS.toNanos(1);
    int[] counts = new int[Math.max(0, windows)];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Samples.countBetween(sortedNanos, from + i * second, from + (i + 1) * second);
    }
    return counts;
  }

  /** Counts per window as text, {@code 980 1004 ...}. */
  static String perSecondText(int[] counts) {
    return Arrays.stream(counts).mapToObj(Integer::toString).collect(Collectors.joining(" "));
  }

  /** Whether the rate came back within the windows. */
  boolean recovered() {
    return recoveredAfter >= 0;
  }

  /**
   * Seconds from the fall to the end of the first window of the first {@link #STEADY} that held: by
   * then the rate is back; -1 if it did not come back.
   */
  int recoveredAfter() {
    return recoveredAfter;
  }

  /** The loop NOTIFYs in each window, the first beginning when the load fell. */
  int[] perSecond() {
    return perSecond.clone();
  }

  /** The mean rate over all the windows, per second. */
  double rate() {
    return perSecond.length == 0 ? 0 : Arrays.stream(perSecond).average().orElse(0);
  }
}
