package org.sepapi.rest.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The highest nonce count seen for each nonce that authenticated a request, so that a request
 * cannot be replayed. Entries leave when their nonce expires; when the table is full, the oldest
 * nonce leaves early and every nonce issued no later than it is refused as forgotten (the client
 * retries with a fresh nonce), so that a forgotten count can never be replayed. Memory is bounded
 * by {@code capacity} entries.
 *
 * <p>Thread-safe: one lock, held for a map update.
 */
final class NonceCounts {
  /** What recording a count found. */
  enum Outcome {
    /** The count is higher than any seen for the nonce: the request may go on. */
    ACCEPTED,
    /** The count is not higher than one seen: a replay. */
    REPLAYED,
    /** The nonce's counts were dropped to make room: it must be renewed. */
    FORGOTTEN
  }

  private final int capacity;
  private final long lifetimeMillis;
  private final Map<String, Entry> entries = new HashMap<>();
  private final PriorityQueue<Entry> byAge =
      new PriorityQueue<>((a, b) -> Long.compare(a.issued, b.issued));
  private long forgottenUpTo = Long.MIN_VALUE;

  NonceCounts(int capacity, long lifetimeMillis) {
    this.capacity = capacity;
    this.lifetimeMillis = lifetimeMillis;
  }

  /** Records count {@code nc} of a nonce issued at {@code issued}, now being {@code now}. */
  synchronized Outcome record(String nonce, long issued, long nc, long now) {
    while (!byAge.isEmpty() && byAge.peek().issued + lifetimeMillis <= now) {
      entries.remove(byAge.poll().nonce);
    }
    Entry entry = entries.get(nonce);
    if (entry != null) {
      if (nc <= entry.highest) {
        return Outcome.REPLAYED;
      }
      entry.highest = nc;
      return Outcome.ACCEPTED;
    }
    if (issued <= forgottenUpTo) {
      return Outcome.FORGOTTEN;
    }
    while (entries.size() >= capacity) {
      Entry oldest = byAge.poll();
      entries.remove(oldest.nonce);
      forgottenUpTo = Math.max(forgottenUpTo, oldest.issued);
    }
    if (issued <= forgottenUpTo) {
      // this nonce is as old as the one just dropped: it would be forgotten at once
      return Outcome.FORGOTTEN;
    }
    entry = new Entry(nonce, issued, nc);
    entries.put(nonce, entry);
    byAge.add(entry);
    return Outcome.ACCEPTED;
  }

  synchronized int size() {
    return entries.size();
  }

  private static final class Entry {
    final String nonce;
    final long issued;
    long highest;

    Entry(String nonce, long issued, long highest) {
      this.nonce = nonce;
      this.issued = issued;
      this.highest = highest;
    }
  }
}
