package org.sepapi.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipParseException;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipUri;

/**
 * The digest authentication (RFC 3261 section 22.4, RFC 2617 with qop=auth) a {@link MockSipPeer}
 * asks for: it issues MD5 challenges and checks the credentials of later requests against them.
 * Guarded by the peer's lock.
 */
final class DigestGuard {
  private final String realm;
  private final String username;
  private final String password;
  private final boolean proxy;
  private final String label;
  private final String opaque;
  private final Set<String> nonces = new HashSet<>();
  private int count;

  DigestGuard(String realm, String username, String password, boolean proxy, String label) {
    this.realm = realm;
    this.username = username;
    this.password = password;
    this.proxy = proxy;
    this.label = label;
    this.opaque = label + "-opaque";
  }

  int status() {
    return proxy ? 407 : 401;
  }

  String challengeHeader() {
    return proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
  }

  /** A challenge with a fresh nonce. */
  String newChallenge() {
    String nonce = label + "-nonce-" + ++count;
    nonces.add(nonce);
    return "Digest realm="
        + quote(realm)
        + ", nonce=\""
        + nonce
        + "\", opaque=\""
        + opaque
        + "\", algorithm=MD5, qop=\"auth\"";
  }

  /** Whether {@code request} carries valid credentials for a nonce this guard issued. */
  boolean accepts(SipRequest request) {
    String header = proxy ? "Proxy-Authorization" : "Authorization";
    for (String value : request.headers().values(header)) {
      try {
        if (valid(Challenge.parse(value, proxy), request)) {
          return true;
        }
      } catch (SipParseException e) {
        // not credentials we can read: try the next header
      }
    }
    return false;
  }

  private boolean valid(Challenge credentials, SipRequest request) {
    Optional<String> uri = credentials.parameter("uri");
    if (!credentials.isDigest()
        || !credentials.parameter("username").equals(Optional.of(username))
        || !credentials.realm().equals(Optional.of(realm))
        || !credentials.nonce().filter(nonces::contains).isPresent()
        || !credentials.opaque().equals(Optional.of(opaque))
        || !credentials.algorithm().equalsIgnoreCase("MD5")
        || uri.isEmpty()
        || !SipUri.parse(uri.get()).equals(request.requestUri())) {
      return false;
    }
    String ha1 = md5(username + ":" + realm + ":" + password);
    String ha2 = md5(request.method() + ":" + uri.get());
    String nonce = credentials.nonce().get();
    Optional<String> qop = credentials.parameter("qop");
    String expected;
    if (qop.isEmpty()) {
      expected = md5(ha1 + ":" + nonce + ":" + ha2);
    } else {
      Optional<String> nc = credentials.parameter("nc");
      Optional<String> cnonce = credentials.parameter("cnonce");
      if (!qop.get().equalsIgnoreCase("auth") || nc.isEmpty() || cnonce.isEmpty()) {
        return false;
      }
      expected =
          md5(
              ha1
                  + ":"
                  + nonce
                  + ":"
                  + nc.get()
                  + ":"
                  + cnonce.get()
                  + ":"
                  + qop.get()
                  + ":"
                  + ha2);
    }
    return expected.equalsIgnoreCase(credentials.parameter("response").orElse(""));
  }

  /** The lower-case hex MD5 of {@code text} in UTF-8. */
  static String md5(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
