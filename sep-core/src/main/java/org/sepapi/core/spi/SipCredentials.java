package org.sepapi.core.spi;

import java.util.Objects;

/**
 * The user name and password (or precomputed HA1) that answer a digest challenge. Immutable. {@link
 * #toString()} never shows the secret.
 *
 * @param username the digest user name
 * @param secret the password, or the HA1 hex digest when {@code secretIsHa1}
 * @param secretIsHa1 whether {@code secret} is H(username:realm:password) already, for the realm it
 *     was made for
 */
public record SipCredentials(String username, String secret, boolean secretIsHa1) {
  public SipCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  public static SipCredentials password(String username, String password) {
    return new SipCredentials(username, password, false);
  }

  @Override
  public String toString() {
    return "SipCredentials[" + username + "]";
  }
}
