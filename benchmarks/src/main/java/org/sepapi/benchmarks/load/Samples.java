package org.sepapi.benchmarks.load;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-size recorder of long values (nanosecond times or durations): any thread adds, one thread
 * reads once the writers are done. Values past the capacity are counted but not kept. Thread-safe
 * for adding; {@link #sorted()} sees every add that completed before it.
 */
final class Samples {
  private final long[] values;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger written = new AtomicInteger();

  Samples(int capacity) {
    this.values = new long[capacity];
  }

  void add(long value) {
    int slot = next.getAndIncrement();
    if (slot < values.length) {
      values[slot] = value;
    }
    written.incrementAndGet(); // publishes the value to a reader that reads count() first
  }

  /** How many values were added, kept or not. */
  int count() {
    return written.get();
  }

  /** The kept values, sorted. */
  long[] sorted() {
    int n = Math.min(written.get(), values.length);
    long[] copy = Arrays.copyOf(values, n);
    Arrays.sort(copy);
    return copy;
  }

  /** How many of the sorted values are at least {@code from} and below {@code to}. */
  static int countBetween(long[] sorted, long from, long to) {
    return Math.max(0, firstAtLeast(sorted, to) - firstAtLeast(sorted, from));
  }

  /** The index of the first of the sorted values at least {@code value}; their number if none. */
  private static int firstAtLeast(long[] sorted, long value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] < value) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The value at quantile {@code q} (0 to 1) of sorted values, nearest rank; 0 if none. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }
}
