package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The tests' Digest client and the server's digest computation against the example of RFC 7616
 * section 3.9.1 (user Mufasa, password "Circle of Life").
 */
class DigestClientTest {
  static final String REALM = "http-auth@example.org";
  static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  static final String SHA256_RESPONSE =
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
  static final String MD5_RESPONSE = "8ca523f5e9506fed4657c9700eebdbec";

  @Test
  void theClientComputesTheRfcExample() {
    assertEquals(
        SHA256_RESPONSE,
        DigestClient.response(
            "SHA-256",
            "Mufasa",
            REALM,
            "Circle of Life",
            "GET",
            "/dir/index.html",
            NONCE,
            "00000001",
            CNONCE));
    assertEquals(
        MD5_RESPONSE,
        DigestClient.response(
            "MD5",
            "Mufasa",
            REALM,
            "Circle of Life",
            "GET",
            "/dir/index.html",
            NONCE,
            "00000001",
            CNONCE));
  }

  @Test
  void theServerComputesTheRfcExample() {
    User mufasa = User.builder("Mufasa").pin("Circle of Life").build();
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      String expected = algorithm == DigestAlgorithm.MD5 ? MD5_RESPONSE : SHA256_RESPONSE;
      assertEquals(
          expected,
          HttpAuthFilter.response(
              algorithm,
              mufasa.ha1(algorithm, REALM).orElseThrow(),
              false,
              NONCE,
              "00000001",
              CNONCE,
              "GET",
              "/dir/index.html"));
    }
  }

  @Test
  void storedHa1IsUsedForItsRealmOnly() {
    String ha1 = DigestClient.h("MD5", "Mufasa:" + REALM + ":Circle of Life");
    User mufasa = User.builder("Mufasa").ha1(REALM, DigestAlgorithm.MD5, ha1).build();
    assertEquals(ha1, mufasa.ha1(DigestAlgorithm.MD5, REALM).orElseThrow());
    assertEquals(true, mufasa.ha1(DigestAlgorithm.MD5, "other").isEmpty());
    assertEquals(true, mufasa.ha1(DigestAlgorithm.SHA_256, REALM).isEmpty());
    assertEquals(
        MD5_RESPONSE,
        HttpAuthFilter.response(
            DigestAlgorithm.MD5,
            mufasa.ha1(DigestAlgorithm.MD5, REALM).orElseThrow(),
            false,
            NONCE,
            "00000001",
            CNONCE,
            "GET",
            "/dir/index.html"));
  }
}
