package org.sepapi.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers what a few hundred header values parse to. A gateway's NOTIFYs repeat the same few
 * values over and over (every registrar sends {@code active;expires=3600}, its own Contact, the
 * same Event), so the path every NOTIFY takes reads each of them once, with no memory held per
 * subscription. Values that fail to parse are not remembered; the parser throws again. When full,
 * the cache starts over (no eviction order to keep). Thread-safe; the parsed values must be
 * immutable.
 *
 * @param <T> the parsed value
 */
final class ParseCache<T> {
  private final int capacity;
  private final int maxLength;
  private final Function<String, T> parser;
  private final ConcurrentHashMap<String, T> values = new ConcurrentHashMap<>();

  /**
   * A cache of at most {@code capacity} values parsed by {@code parser}, of header values no longer
   * than {@code maxLength} (longer ones are parsed every time).
   */
  ParseCache(int capacity, int maxLength, Function<String, T> parser) {
    this.capacity = capacity;
    this.maxLength = maxLength;
    this.parser = parser;
  }

  T parse(String raw) {
    T value = values.get(raw);
    if (value != null) {
      return value;
    }
    value = parser.apply(raw);
    if (raw.length() <= maxLength) {
      if (values.size() >= capacity) {
        values.clear();
      }
      values.put(raw, value);
    }
    return value;
  }
}
