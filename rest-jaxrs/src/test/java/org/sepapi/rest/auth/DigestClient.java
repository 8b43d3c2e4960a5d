package org.sepapi.rest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.sepapi.core.sip.Challenge;

/**
 * A Digest client written from RFC 7616 for the tests, independent of the server's code: it hashes
 * with {@link MessageDigest} directly and writes the Authorization header parameter by parameter,
 * so that tests can change any of them.
 */
public final class DigestClient {
  private DigestClient() {}

  /** H() of RFC 7616 for algorithm {@code MD5} or {@code SHA-256} (with or without -sess). */
  public static String h(String algorithm, String text) {
    String name = algorithm.toUpperCase().replace("-SESS", "");
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(name.equals("MD5") ? "MD5" : "SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The request-digest for qop=auth (RFC 7616 section 3.4.1), from the password. */
  public static String response(
      String algorithm,
      String user,
      String realm,
      String password,
      String method,
      String uri,
      String nonce,
      String nc,
      String cnonce) {
    String ha1 = h(algorithm, user + ":" + realm + ":" + password);
    if (algorithm.toUpperCase().endsWith("-SESS")) {
      ha1 = h(algorithm, ha1 + ":" + nonce + ":" + cnonce);
    }
    String ha2 = h(algorithm, method + ":" + uri);
    return h(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  }

  /** The parameters of a correct answer to {@code challenge}, in RFC 7616's order. */
  public static Map<String, String> answer(
      Challenge challenge,
      String algorithm,
      String user,
      String password,
      String method,
      String uri,
      int nc) {
    String realm = challenge.realm().orElseThrow();
    String nonce = challenge.nonce().orElseThrow();
    String cnonce = "cn" + Integer.toHexString(nc) + "x" + user.length();
    String ncText = String.format("%08x", nc);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("username", quote(user));
    params.put("realm", quote(realm));
    params.put("uri", quote(uri));
    params.put("algorithm", algorithm);
    params.put("nonce", quote(nonce));
    params.put("nc", ncText);
    params.put("cnonce", quote(cnonce));
    params.put("qop", "auth");
    params.put(
        "response",
        quote(response(algorithm, user, realm, password, method, uri, nonce, ncText, cnonce)));
    challenge.opaque().ifPresent(opaque -> params.put("opaque", quote(opaque)));
    return params;
  }

  /** {@code Digest name=value, ...}. */
  public static String header(Map<String, String> params) {
    return "Digest "
        + params.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  public static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
