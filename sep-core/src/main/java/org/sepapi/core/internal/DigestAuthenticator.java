package org.sepapi.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.sepapi.core.AuthenticationException;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipHeaders;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipCredentials;

/**
 * Answers the digest challenge of a 401 or 407 (RFC 3261 section 22, RFC 8760) with the request to
 * send again, computed as RFC 7616 section 3.4 says for MD5, SHA-256 and SHA-512/256, each also in
 * its {@code -sess} form.
 *
 * <p>What goes in the Authorization (for a 401) or Proxy-Authorization (for a 407) header: {@code
 * username}, {@code realm}, {@code nonce}, {@code uri} (the Request-URI as it is written on the
 * wire), {@code response}, {@code algorithm} (the challenge's token as written, or {@code MD5} when
 * it named none), {@code opaque} when the challenge had one, and when the challenge offered a qop:
 * {@code qop=auth} (or {@code auth-int}, with the body hashed in, only when {@code auth} is not
 * offered), {@code nc} (eight hex digits, counted per nonce by the caller's {@link DigestSession})
 * and {@code cnonce} (128 random bits, in hex). A challenge without qop is answered the RFC 2069
 * way, without nc and cnonce. With {@code userhash=true} the username is sent hashed (RFC 7616
 * section 3.4.4). Non-ASCII user names go as UTF-8 in the quoted string, as SIP allows; there is no
 * {@code username*}.
 *
 * <p>Anything else is refused with {@link AuthenticationException}, never answered with MD5 by
 * default: a scheme other than Digest, an algorithm or qop not listed above, a challenge without
 * realm or nonce, a {@code -sess} algorithm without qop (RFC 2617 leaves its cnonce undefined), an
 * HA1 secret that is not a hex digest of the algorithm's length.
 *
 * <p>The caller still owes the resent request what RFC 3261 section 22.1 asks of a new transaction:
 * a CSeq one higher and a new branch; the response does not depend on either.
 *
 * <p>Stateless and thread-safe when its random generator is ({@link SecureRandom} is); the state of
 * a dialog lives in its {@link DigestSession}.
 */
public final class DigestAuthenticator {
  /** The digest algorithms of RFC 7616 section 6.1, strongest last. */
  public enum Algorithm {
    MD5("MD5", "MD5", 1, false),
    MD5_SESS("MD5-sess", "MD5", 1, true),
    SHA_256("SHA-256", "SHA-256", 2, false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", 2, true),
    SHA_512_256("SHA-512-256", "SHA-512/256", 3, false),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", 3, true);

    private final String token;
    private final String jdkName;
    private final int strength;
    private final boolean session;

    Algorithm(String token, String jdkName, int strength, boolean session) {
      this.token = token;
      this.jdkName = jdkName;
      this.strength = strength;
      this.session = session;
    }

    /** The token as RFC 7616 spells it. */
    public String token() {
      return token;
    }

    /** Whether it is a {@code -sess} variant, whose session key also hashes both nonces. */
    public boolean isSession() {
      return session;
    }

    /** The algorithm a challenge's {@code algorithm} token names, compared without case. */
    public static Optional<Algorithm> of(String token) {
      for (Algorithm algorithm : values()) {
        if (algorithm.token.equalsIgnoreCase(token)) {
          return Optional.of(algorithm);
        }
      }
      return Optional.empty();
    }

    /** The hash of {@code text}'s UTF-8 bytes, in lower-case hex. */
    public String hash(String text) {
      return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of {@code bytes}, in lower-case hex. */
    public String hash(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance(jdkName).digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java 17 runtime has " + jdkName, e);
      }
    }

    /** How many hex digits a hash of this algorithm has: 32 for MD5, 64 for the others. */
    public int hexLength() {
      return this == MD5 || this == MD5_SESS ? 32 : 64;
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private final RandomGenerator random;

  private DigestAuthenticator(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** An authenticator whose client nonces come from a new {@link SecureRandom}. */
  public static DigestAuthenticator create() {
    return new DigestAuthenticator(new SecureRandom());
  }

  /**
   * An authenticator whose client nonces come from {@code random}, which tests can make
   * predictable; share it between threads only if {@code random} is thread-safe.
   */
  public static DigestAuthenticator withRandom(RandomGenerator random) {
    return new DigestAuthenticator(random);
  }

  /**
   * The challenge to answer among those of one response: the Digest challenge with the strongest
   * algorithm this class supports (SHA-512-256, then SHA-256, then MD5, each with its {@code -sess}
   * form), the earliest among equals. RFC 8760 section 2.4 has a UAC take the topmost challenge it
   * supports "unless a local policy dictates otherwise"; strongest-first is that local policy,
   * because the order of header fields is not protected and an attacker could put MD5 on top (RFC
   * 8760 section 3). Challenges that could not be answered (see the class comment) are skipped.
   *
   * @throws AuthenticationException if none can be answered
   */
  public static Challenge chooseChallenge(List<Challenge> challenges) {
    Challenge best = null;
    int bestStrength = 0;
    for (Challenge challenge : challenges) {
      Optional<Algorithm> algorithm = answerable(challenge);
      if (algorithm.isPresent() && algorithm.get().strength > bestStrength) {
        best = challenge;
        bestStrength = algorithm.get().strength;
      }
    }
    if (best == null) {
      throw new AuthenticationException("no digest challenge sepapi can answer in: " + challenges);
    }
    return best;
  }

  /**
   * The challenges to answer when proxies and the UAS challenge together (RFC 3261 section 22.3):
   * for each realm of each header kind, the one {@link #chooseChallenge} would pick, in the order
   * their realms first appear. Challenges that cannot be answered are skipped.
   *
   * @throws AuthenticationException if none can be answered
   */
  public static List<Challenge> chooseChallenges(List<Challenge> challenges) {
    Map<String, List<Challenge>> byRealm = new LinkedHashMap<>();
    for (Challenge challenge : challenges) {
      if (answerable(challenge).isPresent()) {
        String key = challenge.proxy() + " " + challenge.realm().orElseThrow();
        byRealm.computeIfAbsent(key, k -> new ArrayList<>()).add(challenge);
      }
    }
    if (byRealm.isEmpty()) {
      throw new AuthenticationException("no digest challenge sepapi can answer in: " + challenges);
    }
    return byRealm.values().stream().map(DigestAuthenticator::chooseChallenge).toList();
  }

  private static Optional<Algorithm> answerable(Challenge challenge) {
    try {
      return Optional.of(check(challenge).algorithm);
    } catch (AuthenticationException e) {
      return Optional.empty();
    }
  }

  /** What a challenge asks for, once checked. */
  private record Checked(Algorithm algorithm, String realm, String nonce, String qop) {}

  private static Checked check(Challenge challenge) {
    if (!challenge.isDigest()) {
      throw new AuthenticationException("not a Digest challenge: " + challenge.scheme());
    }
    Algorithm algorithm =
        Algorithm.of(challenge.algorithm())
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        "unsupported digest algorithm: " + challenge.algorithm()));
    String realm =
        challenge
            .realm()
            .orElseThrow(() -> new AuthenticationException("a digest challenge without realm"));
    String nonce =
        challenge
            .nonce()
            .orElseThrow(() -> new AuthenticationException("a digest challenge without nonce"));
    List<String> offered = challenge.qopOptions();
    String qop = null;
    if (offered.contains("auth")) {
      qop = "auth";
    } else if (offered.contains("auth-int")) {
      qop = "auth-int";
    } else if (!offered.isEmpty()) {
      throw new AuthenticationException("no supported qop among " + offered);
    }
    if (algorithm.isSession() && qop == null) {
      throw new AuthenticationException(algorithm.token() + " without qop cannot be answered");
    }
    return new Checked(algorithm, realm, nonce, qop);
  }

  /**
   * The request to send again: {@code request} with an Authorization header (for a WWW-Authenticate
   * challenge) or a Proxy-Authorization header (for a Proxy-Authenticate one) that answers {@code
   * challenge}. A header of that name for the same realm is replaced where it stood; those for
   * other realms (another proxy's) are kept.
   *
   * @param session the nonce counts of the dialog or subscription {@code request} belongs to
   * @throws AuthenticationException if the challenge cannot be answered (see the class comment) or
   *     the user name holds a line break
   */
  public SipRequest authorize(
      SipRequest request, Challenge challenge, SipCredentials credentials, DigestSession session) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(session, "session");
    Checked checked = check(Objects.requireNonNull(challenge, "challenge"));
    Algorithm algorithm = checked.algorithm;
    checkSecret(algorithm, credentials);
    String method = request.method();
    String uri = request.requestUri().toString();
    String cnonce = null;
    String nc = null;
    if (checked.qop != null) {
      cnonce =
          algorithm.isSession() ? session.sessionCnonce(checked.nonce, this::cnonce) : cnonce();
      nc = String.format("%08x", session.next(checked.nonce));
    }
    byte[] body = request.body().map(Body::content).orElse(new byte[0]);
    String response =
        response(
            algorithm,
            credentials,
            checked.realm,
            checked.nonce,
            cnonce,
            nc,
            checked.qop,
            method,
            uri,
            body);
    boolean userhash = challenge.parameter("userhash").map("true"::equalsIgnoreCase).orElse(false);
    String username =
        userhash
            ? algorithm.hash(credentials.username() + ":" + checked.realm)
            : credentials.username();

    StringBuilder value = new StringBuilder(256).append("Digest ");
    try {
      value.append("username=").append(SipSyntax.quote(username));
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("a user name cannot go in a header", e);
    }
    value.append(", realm=").append(SipSyntax.quote(checked.realm));
    value.append(", nonce=").append(SipSyntax.quote(checked.nonce));
    value.append(", uri=").append(SipSyntax.quote(uri));
    value.append(", response=\"").append(response).append('"');
    value.append(", algorithm=").append(challenge.parameter("algorithm").orElse("MD5"));
    if (checked.qop != null) {
      value.append(", cnonce=\"").append(cnonce).append('"');
      value.append(", qop=").append(checked.qop);
      value.append(", nc=").append(nc);
    }
    challenge.opaque().ifPresent(o -> value.append(", opaque=").append(SipSyntax.quote(o)));
    if (userhash) {
      value.append(", userhash=true");
    }
    String name = challenge.proxy() ? "Proxy-Authorization" : "Authorization";
    return request.toBuilder()
        .headers(replace(request.headers(), name, checked.realm, value.toString()))
        .build();
  }

  private static SipHeaders replace(SipHeaders headers, String name, String realm, String value) {
    List<SipHeaders.Header> lines = new ArrayList<>(headers.all().size() + 1);
    int at = -1;
    for (SipHeaders.Header line : headers.all()) {
      if (line.name().equalsIgnoreCase(name) && realm.equals(realmOf(line.value()))) {
        if (at < 0) {
          at = lines.size();
        }
      } else {
        lines.add(line);
      }
    }
    lines.add(at < 0 ? lines.size() : at, new SipHeaders.Header(name, value));
    return SipHeaders.of(lines);
  }

  private static String realmOf(String credentials) {
    try {
      return Challenge.parse(credentials, false).realm().orElse(null);
    } catch (SipParseException e) {
      return null;
    }
  }

  private String cnonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /**
   * The {@code response} value of RFC 7616 section 3.4.1 (RFC 2069's when {@code qop} is null). A1
   * is {@code username:realm:password}, or the HA1 secret as given; for {@code -sess} its hash is
   * hashed again with {@code :nonce:cnonce}. A2 is {@code method:uri}, with {@code :H(body)} for
   * {@code auth-int}.
   *
   * @throws AuthenticationException if an HA1 secret is not a hex digest of the algorithm's length
   */
  static String response(
      Algorithm algorithm,
      SipCredentials credentials,
      String realm,
      String nonce,
      String cnonce,
      String nc,
      String qop,
      String method,
      String uri,
      byte[] body) {
    checkSecret(algorithm, credentials);
    String ha1;
    if (credentials.secretIsHa1()) {
      ha1 = credentials.secret().toLowerCase(Locale.ROOT);
    } else {
      ha1 = algorithm.hash(credentials.username() + ":" + realm + ":" + credentials.secret());
    }
    if (algorithm.isSession()) {
      ha1 = algorithm.hash(ha1 + ":" + nonce + ":" + cnonce);
    }
    String a2 = method + ":" + uri;
    if ("auth-int".equals(qop)) {
      a2 = a2 + ":" + algorithm.hash(body);
    }
    String ha2 = algorithm.hash(a2);
    return qop == null
        ? algorithm.hash(ha1 + ":" + nonce + ":" + ha2)
        : algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  private static void checkSecret(Algorithm algorithm, SipCredentials credentials) {
    if (credentials.secretIsHa1()) {
      String ha1 = credentials.secret().toLowerCase(Locale.ROOT);
      if (ha1.length() != algorithm.hexLength() || !isHex(ha1)) {
        throw new AuthenticationException(
            "an HA1 for "
                + algorithm.token()
                + " is "
                + algorithm.hexLength()
                + " hex digits; the one given is not");
      }
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
