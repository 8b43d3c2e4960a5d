package org.sepapi.rest.auth;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.SipCredentials;

/**
 * A {@link UserDirectory} held in memory, built in code or read from a user file (the gateway's
 * {@code --users FILE}; the format is described at {@link #parse}). It is also the {@link
 * CredentialsProvider} of the gateway's SIP side: a SIP identity's credentials are those of the
 * user it belongs to.
 *
 * <p>Every agent's {@code acts-for} user is a user of the directory (a user without a secret can be
 * listed for that), and no two users share a SIP identity.
 *
 * <p>Immutable and thread-safe.
 */
public final class InMemoryUserDirectory implements UserDirectory, CredentialsProvider {
  private final Map<String, User> users;
  private final Map<SipUri, User> bySipIdentity;

  private InMemoryUserDirectory(Map<String, User> users, Map<SipUri, User> bySipIdentity) {
    this.users = users;
    this.bySipIdentity = bySipIdentity;
  }

  /** A builder for a directory. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a user file (UTF-8).
   *
   * <p>The format, line by line: blank lines and lines starting with {@code #} are ignored; {@code
   * [name]} starts the section of the user called {@code name}; inside it, {@code key = value}
   * lines (white space around key and value is dropped, so a value cannot start or end with blanks)
   * give:
   *
   * <ul>
   *   <li>{@code pin}: the Digest secret, in plain text;
   *   <li>or {@code ha1-realm} with {@code ha1-md5} and/or {@code ha1-sha-256}: stored {@code
   *       H(name:realm:PIN)} values for that realm;
   *   <li>{@code acts-for}: users this one may act for as an agent, separated by commas, or {@code
   *       *} for every user; may be repeated;
   *   <li>{@code sip-identity}: the user's SIP address of record ({@code sip:} or {@code sips:});
   *   <li>{@code sip-password} or {@code sip-ha1}: the secret that answers SIP challenges, with
   *       {@code sip-user} the SIP auth user name (by default the user's name).
   * </ul>
   *
   * <p>A section without {@code pin} or {@code ha1-*} is a user who cannot log in but may be acted
   * for. Anything else (a key outside a section, an unknown or repeated key, a bad name, hash or
   * URI, a user defined twice, an {@code acts-for} naming no user) is an error that names the line.
   *
   * @throws UserFileException if the file cannot be read or is not valid
   */
  public static InMemoryUserDirectory load(Path file) {
    return UserFileParser.load(file);
  }

  /**
   * Reads a user file from text; see {@link #load} for the format.
   *
   * @param source the name error messages give the text (a file name, say)
   * @throws UserFileException if the text is not a valid user file
   */
  public static InMemoryUserDirectory parse(String source, String text) {
    return UserFileParser.parse(source, text);
  }

  @Override
  public Optional<User> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(users.get(name));
  }

  /** Every user, in the order they were added. */
  public Collection<User> users() {
    return users.values();
  }

  /** The user whose SIP identity has the address of record of {@code identity}. */
  public Optional<User> findBySipIdentity(SipUri identity) {
    return Optional.ofNullable(bySipIdentity.get(identity.addressOfRecord()));
  }

  /**
   * The SIP credentials of the user that {@code identity} belongs to. The realm is not checked: a
   * user has one set of SIP credentials.
   */
  @Override
  public Optional<SipCredentials> credentials(SipUri identity, String realm) {
    return findBySipIdentity(identity).flatMap(User::sipCredentials);
  }

  @Override
  public String toString() {
    return "InMemoryUserDirectory" + users.keySet();
  }

  /** Builds an {@link InMemoryUserDirectory}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, User> users = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException if a user of that name was added already
     */
    public Builder add(User user) {
      Objects.requireNonNull(user, "user");
      if (users.containsKey(user.name())) {
        throw new IllegalArgumentException("user " + user.name() + " is there already");
      }
      users.put(user.name(), user);
      return this;
    }

    /**
     * The directory.
     *
     * @throws IllegalArgumentException if an agent acts for a user that is not in the directory, or
     *     two users have the same SIP identity
     */
    public InMemoryUserDirectory build() {
      Map<SipUri, User> bySipIdentity = new HashMap<>();
      for (User user : users.values()) {
        for (String other : user.actsFor()) {
          if (!users.containsKey(other)) {
            throw new IllegalArgumentException(
                "user " + user.name() + " acts for " + other + ", who is not a user");
          }
        }
        if (user.sipIdentity().isPresent()) {
          SipUri aor = user.sipIdentity().get().addressOfRecord();
          User before = bySipIdentity.putIfAbsent(aor, user);
          if (before != null) {
            throw new IllegalArgumentException(
                "users " + before.name() + " and " + user.name() + " have the SIP identity " + aor);
          }
        }
      }
      return new InMemoryUserDirectory(
          Collections.unmodifiableMap(new LinkedHashMap<>(users)), Map.copyOf(bySipIdentity));
    }
  }
}
