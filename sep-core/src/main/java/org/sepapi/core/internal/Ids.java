package org.sepapi.core.internal;

import java.util.random.RandomGenerator;

/** Call-IDs, tags and other identifiers with enough randomness to be unique (RFC 3261 19.3). */
public final class Ids {
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private Ids() {}

  /** The length of a tag: 12 random characters (71 bits). */
  public static final int TAG_LENGTH = 12;

  /** A tag of {@link #TAG_LENGTH} random characters. */
  public static String tag(RandomGenerator random) {
    return random(random, TAG_LENGTH);
  }

  /**
   * A Call-ID: 20 random characters (119 bits; RFC 3261 section 8.1.1.4 makes the {@code @host}
   * part optional, and a gateway holds 100,000 of these). Its first {@link #TAG_LENGTH} characters
   * are random enough to serve as the From tag of the same request, so one string holds both.
   */
  public static String callId(RandomGenerator random) {
    return random(random, 20);
  }

  /** {@code length} random characters of [a-zA-Z0-9]. */
  public static String random(RandomGenerator random, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
