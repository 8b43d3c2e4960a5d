package org.sepapi.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipRequest;

/**
 * The server side of digest authentication, written apart from {@link DigestAuthenticator} so the
 * two check each other: reads the credentials a request carries and recomputes the response from
 * the password, as a registrar or proxy would (RFC 7616 section 3.4.1).
 */
final class DigestVerifier {
  private DigestVerifier() {}

  /** The credentials of {@code request}'s Authorization or Proxy-Authorization header. */
  static Challenge credentials(SipRequest request, boolean proxy) {
    String name = proxy ? "Proxy-Authorization" : "Authorization";
    return Challenge.parse(request.header(name).orElseThrow(), proxy);
  }

  /** Whether the credentials prove knowledge of {@code password} for this request. */
  static boolean verify(SipRequest request, boolean proxy, String username, String password) {
    Challenge c = credentials(request, proxy);
    Map<String, String> p = c.parameters();
    String algorithm = p.getOrDefault("algorithm", "MD5");
    String lower = algorithm.toLowerCase(Locale.ROOT);
    boolean sess = lower.endsWith("-sess");
    String jdk =
        switch (sess ? lower.substring(0, lower.length() - 5) : lower) {
          case "md5" -> "MD5";
          case "sha-256" -> "SHA-256";
          case "sha-512-256" -> "SHA-512/256";
          default -> throw new AssertionError("algorithm " + algorithm);
        };
    String realm = p.get("realm");
    String nonce = p.get("nonce");
    String qop = p.get("qop");
    if (!p.get("uri").equals(request.requestUri().toString())) {
      return false;
    }
    String sentUser = p.get("username");
    if ("true".equals(p.get("userhash"))) {
      if (!sentUser.equals(h(jdk, username + ":" + realm))) {
        return false;
      }
    } else if (!sentUser.equals(username)) {
      return false;
    }
    String ha1 = h(jdk, username + ":" + realm + ":" + password);
    if (sess) {
      ha1 = h(jdk, ha1 + ":" + nonce + ":" + p.get("cnonce"));
    }
    String a2 = request.method() + ":" + p.get("uri");
    if ("auth-int".equals(qop)) {
      byte[] body = request.body().map(b -> b.content()).orElse(new byte[0]);
      a2 = a2 + ":" + h(jdk, body);
    }
    String expected =
        qop == null
            ? h(jdk, ha1 + ":" + nonce + ":" + h(jdk, a2))
            : h(
                jdk,
                ha1
                    + ":"
                    + nonce
                    + ":"
                    + p.get("nc")
                    + ":"
                    + p.get("cnonce")
                    + ":"
                    + qop
                    + ":"
                    + h(jdk, a2));
    return expected.equals(p.get("response"));
  }

  static String h(String jdk, String text) {
    return h(jdk, text.getBytes(StandardCharsets.UTF_8));
  }

  static String h(String jdk, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jdk).digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
