package org.sepapi.rest.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces that need no state to check: base64url of the issue time (epoch milliseconds, 8
 * bytes), 16 random bytes and the first 16 bytes of an HMAC-SHA256 over both and the realm. Only
 * the holder of the key can make one; its age is read from it. Thread-safe.
 */
final class Nonces {
  private static final int TIME = 8;
  private static final int RANDOM = 16;
  private static final int MAC = 16;
  private static final int LENGTH = TIME + RANDOM + MAC;

  /** The length of a nonce in characters (base64 without padding). */
  private static final int TEXT_LENGTH = (LENGTH * 4 + 2) / 3;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final byte[] realm;
  private final Clock clock;
  private final long lifetimeMillis;
  private final SecureRandom random = new SecureRandom();

  Nonces(byte[] key, String realm, Clock clock, Duration lifetime) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.realm = realm.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.lifetimeMillis = lifetime.toMillis();
  }

  /** What a nonce turned out to be. */
  enum Status {
    /** Issued here and not expired. */
    FRESH,
    /** Issued here, but older than the lifetime. */
    EXPIRED,
    /** Not issued here (or changed since). */
    FORGED
  }

  /** A checked nonce: its status and, unless forged, when it was issued. */
  record Checked(Status status, long issuedMillis) {}

  String issue() {
    byte[] nonce = new byte[LENGTH];
    ByteBuffer.wrap(nonce).putLong(clock.millis());
    byte[] salt = new byte[RANDOM];
    random.nextBytes(salt);
    System.arraycopy(salt, 0, nonce, TIME, RANDOM);
    System.arraycopy(mac(nonce), 0, nonce, TIME + RANDOM, MAC);
    return ENCODER.encodeToString(nonce);
  }

  Checked check(String text) {
    if (text.length() != TEXT_LENGTH) {
      return new Checked(Status.FORGED, 0);
    }
    byte[] nonce;
    try {
      nonce = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      return new Checked(Status.FORGED, 0);
    }
    if (nonce.length != LENGTH
        || !ENCODER.encodeToString(nonce).equals(text)
        || !MessageDigest.isEqual(
            Arrays.copyOfRange(mac(nonce), 0, MAC),
            Arrays.copyOfRange(nonce, TIME + RANDOM, LENGTH))) {
      return new Checked(Status.FORGED, 0);
    }
    long issued = ByteBuffer.wrap(nonce).getLong();
    long age = clock.millis() - issued;
    return new Checked(age >= lifetimeMillis ? Status.EXPIRED : Status.FRESH, issued);
  }

  long lifetimeMillis() {
    return lifetimeMillis;
  }

  /** The opaque value of the challenges: fixed for a key and realm. */
  String opaque() {
    byte[] input = "opaque:".getBytes(StandardCharsets.US_ASCII);
    return ENCODER.encodeToString(Arrays.copyOf(hmac(input, input.length), 12));
  }

  private byte[] mac(byte[] nonce) {
    return hmac(nonce, TIME + RANDOM);
  }

  private byte[] hmac(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(data, 0, length);
      mac.update(realm);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
