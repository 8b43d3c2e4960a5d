package org.sepapi.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature that {@link WebhookSink} puts on its callbacks when it has a signing secret, and
 * the check a receiver runs on them. The scheme is the one Stripe and Standard Webhooks use.
 *
 * <h2>Scheme {@code v1}</h2>
 *
 * <p>Each request carries two headers:
 *
 * <pre>
 * Sep-Timestamp: 1767225600
 * Sep-Signature: v1=5d0c3c8b...64 lower-case hex digits
 * </pre>
 *
 * <ul>
 *   <li>{@code Sep-Timestamp} is the time of sending in whole seconds since the epoch (UTC). Each
 *       retry is signed again with its own timestamp.
 *   <li>The signed content is the timestamp's decimal digits, one full stop ({@code .}), then the
 *       request body exactly as sent, byte for byte: {@code "<timestamp>.<body>"}.
 *   <li>{@code v1} is the HMAC-SHA256 of the signed content, keyed with the UTF-8 bytes of the
 *       shared secret, written as lower-case hex.
 *   <li>{@code Sep-Signature} is a comma-separated list of {@code <scheme>=<value>} entries. The
 *       sink sends one {@code v1} entry; a receiver accepts a request when any {@code v1} entry
 *       matches (so that a secret can be rotated by sending two) and ignores schemes it does not
 *       know (so that new schemes can be added).
 * </ul>
 *
 * <p>A receiver should: read the body as raw bytes before parsing it; call {@link #verify}, which
 * compares in constant time and refuses a timestamp too far from its own clock (five minutes is
 * usual), which limits replays; and remember recent {@code Sep-Delivery-Id} values, since a retried
 * delivery may arrive twice.
 *
 * <p>Thread-safe: stateless.
 */
public final class WebhookSignature {
  /** The scheme of the signatures this class writes and checks. */
  public static final String SCHEME = "v1";

  private static final String HMAC = "HmacSHA256";
  private static final int MAX_TIMESTAMP_DIGITS = 18;

  private WebhookSignature() {}

  /**
   * The {@code Sep-Signature} header value for {@code body} sent at {@code timestamp}: {@code
   * v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}.
   *
   * @param secret the shared secret; its UTF-8 bytes are the HMAC key
   * @param timestamp the {@code Sep-Timestamp} value, seconds since the epoch
   * @param body the request body, as sent
   * @throws IllegalArgumentException if the secret is empty or an argument is null
   */
  public static String sign(String secret, long timestamp, byte[] body) {
    byte[] key = key(secret);
    if (body == null) {
      throw new IllegalArgumentException("body is null");
    }
    return SCHEME + "=" + HexFormat.of().formatHex(hmac(key, timestamp, body));
  }

  /**
   * Checks a received callback: true when {@code timestamp} is at most {@code tolerance} away from
   * {@code clock}'s time (either way) and {@code signatureHeader} holds a {@code v1} signature of
   * {@code timestamp} and {@code body} under {@code secret}. Missing or malformed values (a null or
   * non-numeric timestamp, a null header or body) give false.
   *
   * @param secret the shared secret
   * @param timestamp the {@code Sep-Timestamp} header value as received
   * @param body the request body as received, before any parsing
   * @param signatureHeader the {@code Sep-Signature} header value as received
   * @param clock the receiver's clock
   * @param tolerance how far the timestamp may be from the clock
   * @throws IllegalArgumentException if the secret is empty, or the secret, clock or tolerance is
   *     null, or the tolerance is negative
   */
  public static boolean verify(
      String secret,
      String timestamp,
      byte[] body,
      String signatureHeader,
      Clock clock,
      Duration tolerance) {
    byte[] key = key(secret);
    if (clock == null) {
      throw new IllegalArgumentException("clock is null");
    }
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("a tolerance is zero or more: " + tolerance);
    }
    if (timestamp == null || body == null || signatureHeader == null) {
      return false;
    }
    String digits = timestamp.strip();
    if (digits.isEmpty()
        || digits.length() > MAX_TIMESTAMP_DIGITS
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    long seconds = Long.parseLong(digits);
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > tolerance.getSeconds()) {
      return false;
    }
    byte[] expected =
        HexFormat.of().formatHex(hmac(key, seconds, body)).getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String entry : signatureHeader.split(",")) {
      String item = entry.strip();
      int equals = item.indexOf('=');
      if (equals < 0 || !item.substring(0, equals).strip().equals(SCHEME)) {
        continue;
      }
      byte[] given =
          item.substring(equals + 1)
              .strip()
              .toLowerCase(Locale.ROOT)
              .getBytes(StandardCharsets.US_ASCII);
      // no early exit: every v1 entry is compared, each in constant time
      matched |= MessageDigest.isEqual(expected, given);
    }
    return matched;
  }

  private static byte[] key(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a signing secret is not empty");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      // every Java runtime has HmacSHA256, and a non-empty key is always valid for it
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
