package org.sepapi.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.sepapi.core.AuthenticationException;

/**
 * The nonce counts of one dialog or subscription (RFC 7616 section 3.4: {@code nc} counts the
 * requests sent with a nonce, from 1, so the server can detect replays), and for the {@code -sess}
 * algorithms the client nonce that the session key was made with. Remembers the {@value #NONCES}
 * nonces used last, so credentials for a proxy and for the UAS can alternate without resetting each
 * other's count.
 *
 * <p>Not thread-safe: confine each instance to the serial executor of its dialog or subscription.
 */
public final class DigestSession {
  /** How many nonces are remembered. */
  public static final int NONCES = 8;

  private static final long MAX_COUNT = 0xFFFF_FFFFL;

  private final Map<String, Entry> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > NONCES;
        }
      };

  private static final class Entry {
    long count;
    String sessionCnonce;
  }

  /** The count last used with {@code nonce}; 0 when it was never used (or forgotten). */
  public long count(String nonce) {
    Entry entry = entries.get(Objects.requireNonNull(nonce, "nonce"));
    return entry == null ? 0 : entry.count;
  }

  /**
   * The next count for {@code nonce}: 1 for a new nonce, then one more each call.
   *
   * @throws AuthenticationException once 2^32 - 1 requests went with one nonce (8 hex digits hold
   *     no more); a new challenge brings a new nonce
   */
  long next(String nonce) {
    Entry entry = entries.computeIfAbsent(nonce, n -> new Entry());
    if (entry.count == MAX_COUNT) {
      throw new AuthenticationException("the nonce count of a nonce is exhausted");
    }
    return ++entry.count;
  }

  /**
   * The client nonce of the {@code -sess} session key for {@code nonce}: the first one made for it,
   * kept so the key H(A1) stays the same for every request with that nonce (RFC 2617 section
   * 3.2.2.2).
   */
  String sessionCnonce(String nonce, Supplier<String> fresh) {
    Entry entry = entries.computeIfAbsent(nonce, n -> new Entry());
    if (entry.sessionCnonce == null) {
      entry.sessionCnonce = fresh.get();
    }
    return entry.sessionCnonce;
  }
}
