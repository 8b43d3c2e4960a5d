package org.sepapi.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An insertion-ordered map from strings for the few entries a subscription holds (its dialogs, a
 * resource's instances: nearly always one), in one small array: a {@code LinkedHashMap} costs about
 * four times the heap for one entry, and a service holds 100,000 of them. Lookups are linear. Not
 * thread-safe: confined to its owner's executor.
 *
 * @param <V> the values
 */
final class SmallMap<V> {
  private static final Object[] EMPTY = {};
  private Object[] entries = EMPTY;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  @SuppressWarnings("unchecked")
  V get(String key) {
    int index = indexOf(key);
    return index < 0 ? null : (V) entries[2 * index + 1];
  }

  boolean containsKey(String key) {
    return indexOf(key) >= 0;
  }

  /** Sets {@code key} to {@code value}, at the end if the key is new. */
  void put(String key, V value) {
    Objects.requireNonNull(key, "key");
    int index = indexOf(key);
    if (index >= 0) {
      entries[2 * index + 1] = value;
      return;
    }
    if (2 * size == entries.length) {
      entries = Arrays.copyOf(entries, Math.max(2, entries.length * 2));
    }
    entries[2 * size] = key;
    entries[2 * size + 1] = value;
    size++;
  }

  /** Removes {@code key}; returns its value, or null if it had none. */
  @SuppressWarnings("unchecked")
  V remove(String key) {
    int index = indexOf(key);
    if (index < 0) {
      return null;
    }
    V value = (V) entries[2 * index + 1];
    System.arraycopy(entries, 2 * index + 2, entries, 2 * index, 2 * (size - index - 1));
    size--;
    entries[2 * size] = null;
    entries[2 * size + 1] = null;
    return value;
  }

  void clear() {
    entries = EMPTY;
    size = 0;
  }

  /** The keys, in order (a copy). */
  List<String> keys() {
    List<String> keys = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      keys.add((String) entries[2 * i]);
    }
    return keys;
  }

  /** The values, in order (a copy, so the map may change while the caller walks it). */
  @SuppressWarnings("unchecked")
  List<V> values() {
    List<V> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add((V) entries[2 * i + 1]);
    }
    return values;
  }

  private int indexOf(String key) {
    for (int i = 0; i < size; i++) {
      if (entries[2 * i].equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
