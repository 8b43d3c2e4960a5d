package org.sepapi.rest.auth;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.SipCredentials;

/**
 * A user of the gateway's APIs: a name, the secret that proves it in HTTP Digest, the users it may
 * act for as an agent, and its SIP identity with the credentials the gateway answers SIP challenges
 * with on its behalf.
 *
 * <p>The Digest secret is either the user's PIN, from which the HA1 of any realm and algorithm is
 * computed, or HA1 values stored for one realm, one per algorithm ({@code H(name:realm:PIN)}), so
 * that the PIN itself need not be kept. A user without either cannot log in with Digest but may
 * still be acted for. {@link #toString()} never shows a secret.
 *
 * <p>User names are 1 to 128 characters: letters, digits and {@code . _ - @ +}, starting with a
 * letter or digit. Names are compared exactly (case matters).
 *
 * <p>Immutable and thread-safe.
 */
public final class User {
  private static final int MAX_NAME = 128;

  private final String name;
  private final String pin;
  private final String ha1Realm;
  private final Map<DigestAlgorithm, String> ha1;
  private final Set<String> actsFor;
  private final boolean actsForAnyone;
  private final SipUri sipIdentity;
  private final SipCredentials sipCredentials;

  private User(Builder builder) {
    this.name = builder.name;
    this.pin = builder.pin;
    this.ha1Realm = builder.ha1Realm;
    this.ha1 = Map.copyOf(builder.ha1);
    this.actsFor = Set.copyOf(builder.actsFor);
    this.actsForAnyone = builder.actsForAnyone;
    this.sipIdentity = builder.sipIdentity;
    this.sipCredentials = builder.sipCredentials;
  }

  /**
   * A builder for the user called {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid user name
   */
  public static Builder builder(String name) {
    return new Builder(checkName(name, "user name"));
  }

  /** Whether {@code name} is a valid user name (see the class comment). */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || ".-_@+".indexOf(c) < 0)) {
        return false;
      }
    }
    return true;
  }

  static String checkName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "not a valid "
              + what
              + " (1 to 128 letters, digits and . _ - @ +, starting with a letter or digit): "
              + name);
    }
    return name;
  }

  public String name() {
    return name;
  }

  /** Whether this user can log in with HTTP Digest at all (it has a PIN or stored HA1 values). */
  public boolean hasDigestSecret() {
    return pin != null || !ha1.isEmpty();
  }

  /**
   * The HA1 ({@code H(name:realm:PIN)}, lower-case hex) of this user for {@code realm} and {@code
   * algorithm}: computed from the PIN, or the stored value when it was stored for that realm and
   * algorithm; empty otherwise.
   */
  public Optional<String> ha1(DigestAlgorithm algorithm, String realm) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(realm, "realm");
    if (pin != null) {
      return Optional.of(algorithm.ha1(name, realm, pin));
    }
    if (realm.equals(ha1Realm)) {
      return Optional.ofNullable(ha1.get(algorithm));
    }
    return Optional.empty();
  }

  /** The realm the stored HA1 values are for; empty when there are none. */
  public Optional<String> ha1Realm() {
    return Optional.ofNullable(ha1Realm);
  }

  /** The users this user may act for as an agent, besides itself (see {@link #mayActFor}). */
  public Set<String> actsFor() {
    return actsFor;
  }

  /** Whether this user may act for every user (an operator console, say). */
  public boolean actsForAnyone() {
    return actsForAnyone;
  }

  /**
   * Whether this user may act for {@code user}: itself, a user it was given, or anyone when it
   * {@linkplain #actsForAnyone() acts for anyone}.
   */
  public boolean mayActFor(String user) {
    return name.equals(user) || actsForAnyone || actsFor.contains(user);
  }

  /** The SIP address of record the gateway uses for this user (the From of its requests). */
  public Optional<SipUri> sipIdentity() {
    return Optional.ofNullable(sipIdentity);
  }

  /** The credentials that answer SIP digest challenges for this user. */
  public Optional<SipCredentials> sipCredentials() {
    return Optional.ofNullable(sipCredentials);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof User other
        && name.equals(other.name)
        && Objects.equals(pin, other.pin)
        && Objects.equals(ha1Realm, other.ha1Realm)
        && ha1.equals(other.ha1)
        && actsFor.equals(other.actsFor)
        && actsForAnyone == other.actsForAnyone
        && Objects.equals(sipIdentity, other.sipIdentity)
        && Objects.equals(sipCredentials, other.sipCredentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, ha1Realm, actsFor, actsForAnyone, sipIdentity);
  }

  /** The name and SIP identity; never a secret. */
  @Override
  public String toString() {
    return "User[" + name + (sipIdentity == null ? "" : ", " + sipIdentity) + "]";
  }

  /** Builds a {@link User}. Not thread-safe; build once and share the user. */
  public static final class Builder {
    private final String name;
    private String pin;
    private String ha1Realm;
    private final Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
    private final Set<String> actsFor = new LinkedHashSet<>();
    private boolean actsForAnyone;
    private SipUri sipIdentity;
    private SipCredentials sipCredentials;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * The PIN (the Digest password). Exclusive with {@link #ha1}.
     *
     * @throws IllegalArgumentException if it is empty or holds a control character
     */
    public Builder pin(String pin) {
      Objects.requireNonNull(pin, "pin");
      if (pin.isEmpty() || pin.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("a PIN is not empty and has no control characters");
      }
      this.pin = pin;
      return this;
    }

    /**
     * A stored HA1, {@code H(name:realm:PIN)} in hex, for {@code realm} and {@code algorithm}. All
     * stored values are for one realm. Exclusive with {@link #pin}.
     *
     * @throws IllegalArgumentException if {@code hex} is not a hash of that algorithm, or the realm
     *     differs from one given before
     */
    public Builder ha1(String realm, DigestAlgorithm algorithm, String hex) {
      Objects.requireNonNull(realm, "realm");
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(hex, "hex");
      if (!algorithm.isHash(hex)) {
        throw new IllegalArgumentException(
            "an " + algorithm.token() + " HA1 is " + algorithm.hexLength() + " hex digits");
      }
      if (ha1Realm != null && !ha1Realm.equals(realm)) {
        throw new IllegalArgumentException(
            "stored HA1 values are all for one realm: " + ha1Realm + ", not also " + realm);
      }
      this.ha1Realm = realm;
      this.ha1.put(algorithm, DigestAlgorithm.normalise(hex));
      return this;
    }

    /**
     * Adds users this user may act for as an agent.
     *
     * @throws IllegalArgumentException if one is not a valid user name
     */
    public Builder actsFor(Collection<String> users) {
      for (String user : users) {
        actsFor.add(checkName(user, "user name"));
      }
      return this;
    }

    /** Adds users this user may act for as an agent; see {@link #actsFor(Collection)}. */
    public Builder actsFor(String... users) {
      return actsFor(java.util.List.of(users));
    }

    /** Lets this user act for every user. */
    public Builder actsForAnyone() {
      this.actsForAnyone = true;
      return this;
    }

    /** The SIP address of record of this user. */
    public Builder sipIdentity(SipUri identity) {
      this.sipIdentity = Objects.requireNonNull(identity, "identity");
      return this;
    }

    /** The credentials that answer SIP digest challenges for this user. */
    public Builder sipCredentials(SipCredentials credentials) {
      this.sipCredentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * The user.
     *
     * @throws IllegalArgumentException if both a PIN and stored HA1 values were given
     */
    public User build() {
      if (pin != null && !ha1.isEmpty()) {
        throw new IllegalArgumentException(
            "user " + name + ": a PIN and stored HA1 values exclude each other");
      }
      return new User(this);
    }
  }
}
