package org.sepapi.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions of HTTP Digest that the gateway accepts (RFC 7616 section 3.2): SHA-256,
 * offered first, and MD5 for older clients. The {@code -sess} variants use the same hash with a
 * different HA1 and are not separate constants. Thread-safe (an enum).
 */
public enum DigestAlgorithm {
  /** {@code MD5}: 32 hex digits. */
  MD5("MD5", "MD5"),
  /** {@code SHA-256}: 64 hex digits. */
  SHA_256("SHA-256", "SHA-256");

  private static final HexFormat HEX = HexFormat.of();

  private final String token;
  private final String jcaName;

  DigestAlgorithm(String token, String jcaName) {
    this.token = token;
    this.jcaName = jcaName;
  }

  /** The name in the {@code algorithm} parameter of a challenge, such as {@code SHA-256}. */
  public String token() {
    return token;
  }

  /** How many hex digits a hash of this algorithm has. */
  public int hexLength() {
    return this == MD5 ? 32 : 64;
  }

  /**
   * The algorithm named {@code token} ({@code MD5}, {@code SHA-256}, any case), without {@code
   * -sess}; empty for any other name.
   */
  public static Optional<DigestAlgorithm> fromToken(String token) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.token.equalsIgnoreCase(token)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /** The hash of {@code text} (UTF-8) as lower-case hex: the H() of RFC 7616. */
  public String hash(String text) {
    return HEX.formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code H(user:realm:secret)}, the HA1 of a user for a realm (RFC 7616 section 3.4.2). */
  public String ha1(String user, String realm, String secret) {
    return hash(user + ":" + realm + ":" + secret);
  }

  /** Whether {@code hex} has this algorithm's length and only hex digits (either case). */
  boolean isHash(String hex) {
    if (hex.length() != hexLength()) {
      return false;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code hex} in lower case, as {@link #hash} writes it. */
  static String normalise(String hex) {
    return hex.toLowerCase(Locale.ROOT);
  }

  private MessageDigest digest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + jcaName, e);
    }
  }
}
