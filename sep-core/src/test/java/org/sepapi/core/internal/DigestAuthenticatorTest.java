package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.sepapi.core.AuthenticationException;
import org.sepapi.core.SepException;
import org.sepapi.core.internal.DigestAuthenticator.Algorithm;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipCredentials;

class DigestAuthenticatorTest {
  private static final byte[] NO_BODY = new byte[0];
  private static final SipCredentials BOB = SipCredentials.password("bob", "zanzibar");

  private final DigestAuthenticator authenticator =
      DigestAuthenticator.withRandom(new SplittableRandom(7));

  private static SipRequest subscribe() {
    return SipRequest.builder("SUBSCRIBE", SipUri.parse("sip:alice@atlanta.com;transport=tcp"))
        .header("Via", "SIP/2.0/TCP client.biloxi.com;branch=z9hG4bK1")
        .header("From", "<sip:bob@biloxi.com>;tag=1")
        .header("To", "<sip:alice@atlanta.com>")
        .header("Call-ID", "a84b4c76e66710")
        .header("CSeq", "1 SUBSCRIBE")
        .header("Event", "presence")
        .build();
  }

  private static Challenge challenge(String params) {
    return Challenge.parse("Digest " + params, false);
  }

  // --- the published examples ---

  @Test
  void rfc2617Section35Md5Example() {
    assertEquals(
        "6629fae49393a05397450978507c4ef1",
        DigestAuthenticator.response(
            Algorithm.MD5,
            SipCredentials.password("Mufasa", "Circle Of Life"),
            "testrealm@host.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "0a4f113b",
            "00000001",
            "auth",
            "GET",
            "/dir/index.html",
            NO_BODY));
  }

  @Test
  void rfc7616Section391Md5AndSha256Examples() {
    SipCredentials mufasa = SipCredentials.password("Mufasa", "Circle of Life");
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    assertEquals(
        "8ca523f5e9506fed4657c9700eebdbec",
        DigestAuthenticator.response(
            Algorithm.MD5,
            mufasa,
            "http-auth@example.org",
            nonce,
            cnonce,
            "00000001",
            "auth",
            "GET",
            "/dir/index.html",
            NO_BODY));
    assertEquals(
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        DigestAuthenticator.response(
            Algorithm.SHA_256,
            mufasa,
            "http-auth@example.org",
            nonce,
            cnonce,
            "00000001",
            "auth",
            "GET",
            "/dir/index.html",
            NO_BODY));
  }

  @Test
  void sha512256IsTheTruncatedSha512OfFips180() {
    // FIPS 180-4 example "abc" for SHA-512/256
    assertEquals(
        "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
        Algorithm.SHA_512_256.hash("abc"));
    // RFC 7616 section 3.9.2's user name hash, as its errata correct it: H("Jäsøn
    // Doe:api@example.org")
    assertEquals(
        "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b",
        Algorithm.SHA_512_256.hash("J\u00e4s\u00f8n Doe:api@example.org"));
    assertEquals(64, Algorithm.SHA_512_256.hexLength());
    assertEquals(64, Algorithm.SHA_256_SESS.hexLength());
    assertEquals(32, Algorithm.MD5_SESS.hexLength());
  }

  @Test
  void algorithmTokensAreMatchedWithoutCase() {
    assertEquals(Optional.of(Algorithm.SHA_512_256_SESS), Algorithm.of("sha-512-256-SESS"));
    assertEquals(Optional.of(Algorithm.MD5), Algorithm.of("md5"));
    assertEquals(Optional.empty(), Algorithm.of("SHA-1"));
    assertEquals(Optional.empty(), Algorithm.of("SHA-512"));
    assertEquals(Optional.empty(), Algorithm.of("AKAv1-MD5"));
    for (Algorithm algorithm : Algorithm.values()) {
      assertEquals(Optional.of(algorithm), Algorithm.of(algorithm.token()));
      assertEquals(algorithm.token().endsWith("-sess"), algorithm.isSession());
    }
  }

  // --- the header it builds ---

  @Test
  void answersA401WithAnAuthorizationHeader() {
    SipRequest request = subscribe();
    Challenge challenge =
        challenge(
            "realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth\","
                + " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\","
                + " stale=FALSE, algorithm=MD5");
    DigestSession session = new DigestSession();
    SipRequest answered = authenticator.authorize(request, challenge, BOB, session);

    assertEquals(request.headers().all(), answered.headers().without("Authorization").all());
    assertFalse(answered.headers().contains("Proxy-Authorization"));
    String header = answered.header("Authorization").orElseThrow();
    assertTrue(header.startsWith("Digest username=\"bob\", realm=\"atlanta.com\","), header);
    Map<String, String> p = DigestVerifier.credentials(answered, false).parameters();
    assertEquals("bob", p.get("username"));
    assertEquals("atlanta.com", p.get("realm"));
    assertEquals("f84f1cec41e6cbe5aea9c8e88d359", p.get("nonce"));
    assertEquals("sip:alice@atlanta.com;transport=tcp", p.get("uri"));
    assertEquals("MD5", p.get("algorithm"));
    assertEquals("auth", p.get("qop"));
    assertEquals("00000001", p.get("nc"));
    assertTrue(p.get("cnonce").matches("[0-9a-f]{32}"), p.get("cnonce"));
    assertEquals("5ccc069c403ebaf9f0171e9517f40e41", p.get("opaque"));
    assertTrue(p.get("response").matches("[0-9a-f]{32}"));
    assertFalse(p.containsKey("userhash"));
    assertFalse(p.containsKey("stale"));
    assertFalse(p.containsKey("domain"));
    // qop and nc are tokens, not quoted strings (RFC 3261 section 25.1 message-qop, nonce-count)
    assertTrue(header.contains(", qop=auth, nc=00000001"), header);
    assertEquals(
        DigestAuthenticator.response(
            Algorithm.MD5,
            BOB,
            "atlanta.com",
            "f84f1cec41e6cbe5aea9c8e88d359",
            p.get("cnonce"),
            "00000001",
            "auth",
            "SUBSCRIBE",
            "sip:alice@atlanta.com;transport=tcp",
            NO_BODY),
        p.get("response"));
    assertTrue(DigestVerifier.verify(answered, false, "bob", "zanzibar"));
    assertFalse(DigestVerifier.verify(answered, false, "bob", "zanzibaR"));
    assertEquals(1, session.count("f84f1cec41e6cbe5aea9c8e88d359"));
  }

  @Test
  void answersA407WithAProxyAuthorizationHeader() {
    SipRequest request = subscribe();
    Challenge challenge =
        Challenge.parse(
            "Digest realm=\"biloxi.com\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256", true);
    SipRequest answered = authenticator.authorize(request, challenge, BOB, new DigestSession());
    assertFalse(answered.headers().contains("Authorization"));
    assertTrue(DigestVerifier.verify(answered, true, "bob", "zanzibar"));
    assertEquals(
        "SHA-256", DigestVerifier.credentials(answered, true).parameter("algorithm").orElseThrow());
    assertEquals(
        64,
        DigestVerifier.credentials(answered, true).parameter("response").orElseThrow().length());
  }

  @Test
  void aFullExchangeFromTheChallengesOfA401() {
    SipRequest request = subscribe();
    SipResponse unauthorized =
        SipResponse.to(request, 401)
            .header(
                "WWW-Authenticate",
                "Digest realm=\"atlanta.com\", nonce=\"x1\", qop=\"auth\", algorithm=MD5")
            .header(
                "WWW-Authenticate",
                "Digest realm=\"atlanta.com\", nonce=\"x1\", qop=\"auth\", algorithm=SHA-512-256")
            .header(
                "WWW-Authenticate",
                "Digest realm=\"atlanta.com\", nonce=\"x1\", qop=\"auth\", algorithm=SHA-256")
            .build();
    Challenge chosen = DigestAuthenticator.chooseChallenge(unauthorized.challenges());
    assertEquals("SHA-512-256", chosen.algorithm());
    SipRequest answered = authenticator.authorize(request, chosen, BOB, new DigestSession());
    assertTrue(DigestVerifier.verify(answered, false, "bob", "zanzibar"));
  }

  @Test
  void echoesTheAlgorithmAsTheChallengeWroteIt() {
    SipRequest answered =
        authenticator.authorize(
            subscribe(),
            challenge("realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=\"sha-256-Sess\""),
            BOB,
            new DigestSession());
    assertTrue(
        answered.header("Authorization").orElseThrow().contains(", algorithm=sha-256-Sess,"));
    assertTrue(DigestVerifier.verify(answered, false, "bob", "zanzibar"));
    SipRequest md5 =
        authenticator.authorize(
            subscribe(), challenge("realm=\"r\", nonce=\"n\""), BOB, new DigestSession());
    assertEquals(
        "MD5", DigestVerifier.credentials(md5, false).parameter("algorithm").orElseThrow());
  }

  @Test
  void withoutQopItAnswersTheRfc2069Way() {
    SipRequest answered =
        authenticator.authorize(
            subscribe(),
            challenge("realm=\"atlanta.com\", nonce=\"abc\""),
            BOB,
            new DigestSession());
    Map<String, String> p = DigestVerifier.credentials(answered, false).parameters();
    assertFalse(p.containsKey("qop"));
    assertFalse(p.containsKey("nc"));
    assertFalse(p.containsKey("cnonce"));
    assertFalse(p.containsKey("opaque"));
    assertTrue(DigestVerifier.verify(answered, false, "bob", "zanzibar"));
  }

  @Test
  void prefersAuthAndHashesTheBodyOnlyForAuthInt() {
    SipRequest withBody =
        subscribe().toBuilder().body(Body.of("application/resource-lists+xml", "<list/>")).build();
    SipRequest both =
        authenticator.authorize(
            withBody,
            challenge("realm=\"r\", nonce=\"n\", qop=\"auth-int, auth\""),
            BOB,
            new DigestSession());
    assertEquals("auth", DigestVerifier.credentials(both, false).parameter("qop").orElseThrow());

    SipRequest integrity =
        authenticator.authorize(
            withBody,
            challenge("realm=\"r\", nonce=\"n\", qop=\"auth-int\""),
            BOB,
            new DigestSession());
    Challenge sent = DigestVerifier.credentials(integrity, false);
    assertEquals("auth-int", sent.parameter("qop").orElseThrow());
    assertTrue(DigestVerifier.verify(integrity, false, "bob", "zanzibar"));
    SipRequest tampered =
        integrity.toBuilder().body(Body.of("application/resource-lists+xml", "<lisT/>")).build();
    assertFalse(DigestVerifier.verify(tampered, false, "bob", "zanzibar"));

    SipRequest emptyBody =
        authenticator.authorize(
            subscribe(),
            challenge("realm=\"r\", nonce=\"n\", qop=\"auth-int\""),
            BOB,
            new DigestSession());
    assertTrue(DigestVerifier.verify(emptyBody, false, "bob", "zanzibar"));
  }

  // --- nonce counts and client nonces ---

  @Test
  void theNonceCountGrowsPerNonceAndStartsAgainForANewOne() {
    DigestSession session = new DigestSession();
    Challenge first = challenge("realm=\"r\", nonce=\"one\", qop=\"auth\"");
    Challenge second = challenge("realm=\"r\", nonce=\"two\", qop=\"auth\", stale=true");
    List<String> counts =
        List.of(
            nc(authenticator.authorize(subscribe(), first, BOB, session)),
            nc(authenticator.authorize(subscribe(), first, BOB, session)),
            nc(authenticator.authorize(subscribe(), second, BOB, session)),
            nc(authenticator.authorize(subscribe(), first, BOB, session)),
            nc(authenticator.authorize(subscribe(), second, BOB, session)));
    assertEquals(List.of("00000001", "00000002", "00000001", "00000003", "00000002"), counts);
    assertEquals(3, session.count("one"));
    assertEquals(2, session.count("two"));
    assertEquals(0, session.count("three"));
    assertEquals(
        "00000001", nc(authenticator.authorize(subscribe(), first, BOB, new DigestSession())));
  }

  @Test
  void aSessionRemembersItsLastNonces() {
    DigestSession session = new DigestSession();
    for (int i = 0; i <= DigestSession.NONCES; i++) {
      authenticator.authorize(
          subscribe(), challenge("realm=\"r\", nonce=\"n" + i + "\", qop=\"auth\""), BOB, session);
    }
    assertEquals(0, session.count("n0"));
    assertEquals(1, session.count("n1"));
    assertEquals(1, session.count("n" + DigestSession.NONCES));
  }

  @Test
  void noRequestGoesWithoutAQopAndTheCountIsNotUsedUp() {
    DigestSession session = new DigestSession();
    authenticator.authorize(subscribe(), challenge("realm=\"r\", nonce=\"n\""), BOB, session);
    assertEquals(0, session.count("n"));
  }

  @Test
  void clientNoncesAreFreshExceptForTheSessionKeyOfSessAlgorithms() {
    DigestSession session = new DigestSession();
    Challenge plain = challenge("realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256");
    assertNotEquals(
        cnonce(authenticator.authorize(subscribe(), plain, BOB, session)),
        cnonce(authenticator.authorize(subscribe(), plain, BOB, session)));
    Challenge sess = challenge("realm=\"r\", nonce=\"s\", qop=\"auth\", algorithm=MD5-sess");
    SipRequest a = authenticator.authorize(subscribe(), sess, BOB, session);
    SipRequest b = authenticator.authorize(subscribe(), sess, BOB, session);
    assertEquals(cnonce(a), cnonce(b));
    assertEquals("00000002", nc(b));
    assertTrue(DigestVerifier.verify(a, false, "bob", "zanzibar"));
    assertTrue(DigestVerifier.verify(b, false, "bob", "zanzibar"));
  }

  @Test
  void clientNoncesComeFromTheGivenRandomGenerator() {
    Challenge c = challenge("realm=\"r\", nonce=\"n\", qop=\"auth\"");
    RandomGenerator fixed = () -> 0x0123456789abcdefL;
    String cnonce =
        cnonce(
            DigestAuthenticator.withRandom(fixed)
                .authorize(subscribe(), c, BOB, new DigestSession()));
    byte[] bytes = new byte[16];
    fixed.nextBytes(bytes);
    assertEquals(java.util.HexFormat.of().formatHex(bytes), cnonce);
    assertEquals(
        cnonce(
            DigestAuthenticator.withRandom(new SplittableRandom(3))
                .authorize(subscribe(), c, BOB, new DigestSession())),
        cnonce(
            DigestAuthenticator.withRandom(new SplittableRandom(3))
                .authorize(subscribe(), c, BOB, new DigestSession())));
    String secure =
        cnonce(DigestAuthenticator.create().authorize(subscribe(), c, BOB, new DigestSession()));
    assertTrue(secure.matches("[0-9a-f]{32}"));
  }

  // --- credentials ---

  @Test
  void anHa1SecretGivesTheSameAnswerAsThePassword() {
    String ha1 = Algorithm.SHA_256.hash("bob:atlanta.com:zanzibar");
    Challenge c = challenge("realm=\"atlanta.com\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256");
    RandomGenerator fixed = () -> 42L;
    SipRequest withPassword =
        DigestAuthenticator.withRandom(fixed).authorize(subscribe(), c, BOB, new DigestSession());
    SipRequest withHa1 =
        DigestAuthenticator.withRandom(fixed)
            .authorize(
                subscribe(),
                c,
                new SipCredentials("bob", ha1.toUpperCase(), true),
                new DigestSession());
    assertEquals(withPassword, withHa1);

    Challenge sess =
        challenge("realm=\"atlanta.com\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256-sess");
    SipRequest sessHa1 =
        authenticator.authorize(
            subscribe(), sess, new SipCredentials("bob", ha1, true), new DigestSession());
    assertTrue(DigestVerifier.verify(sessHa1, false, "bob", "zanzibar"));
  }

  @Test
  void anHa1OfTheWrongAlgorithmIsRefusedBeforeACountIsUsed() {
    String md5Ha1 = Algorithm.MD5.hash("bob:atlanta.com:zanzibar");
    Challenge sha =
        challenge("realm=\"atlanta.com\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256");
    DigestSession session = new DigestSession();
    AuthenticationException e =
        assertThrows(
            AuthenticationException.class,
            () ->
                authenticator.authorize(
                    subscribe(), sha, new SipCredentials("bob", md5Ha1, true), session));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertEquals(0, session.count("n"));
    Challenge md5 = challenge("realm=\"atlanta.com\", nonce=\"n\"");
    assertThrows(
        AuthenticationException.class,
        () ->
            authenticator.authorize(
                subscribe(),
                md5,
                new SipCredentials("bob", "zz" + md5Ha1.substring(2), true),
                session));
  }

  @Test
  void userNamesAreQuotedOrHashed() {
    SipCredentials odd =
        SipCredentials.password("J\u00e4s\u00f8n \"the\" \\Doe", "Secret, or not?");
    Challenge c =
        challenge("realm=\"api@example.org\", nonce=\"n\", qop=\"auth\", algorithm=SHA-512-256");
    SipRequest quoted = authenticator.authorize(subscribe(), c, odd, new DigestSession());
    assertEquals(
        odd.username(),
        DigestVerifier.credentials(quoted, false).parameter("username").orElseThrow());
    assertTrue(DigestVerifier.verify(quoted, false, odd.username(), odd.secret()));

    Challenge hashed =
        challenge(
            "realm=\"api@example.org\", nonce=\"n\", qop=\"auth\", algorithm=SHA-512-256, userhash=true");
    SipRequest answered =
        authenticator.authorize(
            subscribe(),
            hashed,
            SipCredentials.password("J\u00e4s\u00f8n Doe", "Secret, or not?"),
            new DigestSession());
    Map<String, String> p = DigestVerifier.credentials(answered, false).parameters();
    assertEquals(
        "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b", p.get("username"));
    assertEquals("true", p.get("userhash"));
    assertTrue(DigestVerifier.verify(answered, false, "J\u00e4s\u00f8n Doe", "Secret, or not?"));

    assertThrows(
        AuthenticationException.class,
        () ->
            authenticator.authorize(
                subscribe(), c, SipCredentials.password("a\r\nb", "x"), new DigestSession()));
  }

  // --- what it refuses ---

  @Test
  void refusesWhatItCannotAnswerInsteadOfFallingBackToMd5() {
    for (String bad :
        List.of(
            "Basic realm=\"atlanta.com\"",
            "Bearer realm=\"atlanta.com\"",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512",
            "Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5",
            "Digest realm=\"r\", nonce=\"n\", algorithm=\"\"",
            "Digest nonce=\"n\"",
            "Digest realm=\"r\"",
            "Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"",
            "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256-sess")) {
      Challenge c = Challenge.parse(bad, false);
      AuthenticationException e =
          assertThrows(
              AuthenticationException.class,
              () -> authenticator.authorize(subscribe(), c, BOB, new DigestSession()),
              bad);
      assertTrue(e instanceof SepException);
      assertFalse(e.getMessage().isBlank());
    }
  }

  // --- which challenge ---

  @Test
  void choosesTheStrongestAlgorithmAndTheEarliestAmongEquals() {
    Challenge md5 = challenge("realm=\"r\", nonce=\"1\", qop=\"auth\"");
    Challenge md5Sess = challenge("realm=\"r\", nonce=\"2\", qop=\"auth\", algorithm=MD5-sess");
    Challenge sha256 = challenge("realm=\"r\", nonce=\"3\", qop=\"auth\", algorithm=SHA-256");
    Challenge sha256Sess =
        challenge("realm=\"r\", nonce=\"4\", qop=\"auth\", algorithm=SHA-256-sess");
    Challenge sha512 = challenge("realm=\"r\", nonce=\"5\", qop=\"auth\", algorithm=SHA-512-256");
    Challenge unknown = challenge("realm=\"r\", nonce=\"6\", qop=\"auth\", algorithm=SHA-3");
    Challenge basic = Challenge.parse("Basic realm=\"r\"", false);
    assertEquals(sha256, DigestAuthenticator.chooseChallenge(List.of(md5, sha256, md5Sess)));
    assertEquals(sha256, DigestAuthenticator.chooseChallenge(List.of(md5, sha256, sha256Sess)));
    assertEquals(sha256Sess, DigestAuthenticator.chooseChallenge(List.of(sha256Sess, sha256)));
    assertEquals(
        sha512, DigestAuthenticator.chooseChallenge(List.of(unknown, md5, sha512, sha256, basic)));
    assertEquals(md5, DigestAuthenticator.chooseChallenge(List.of(unknown, basic, md5, md5Sess)));
    assertThrows(
        AuthenticationException.class,
        () -> DigestAuthenticator.chooseChallenge(List.of(unknown, basic)));
    assertThrows(
        AuthenticationException.class, () -> DigestAuthenticator.chooseChallenge(List.of()));
  }

  @Test
  void choosesOneChallengePerRealmAndHeader() {
    Challenge uasMd5 = Challenge.parse("Digest realm=\"uas\", nonce=\"1\", qop=\"auth\"", false);
    Challenge uasSha =
        Challenge.parse(
            "Digest realm=\"uas\", nonce=\"1\", qop=\"auth\", algorithm=SHA-256", false);
    Challenge proxyA = Challenge.parse("Digest realm=\"a\", nonce=\"2\"", true);
    Challenge proxyB = Challenge.parse("Digest realm=\"b\", nonce=\"3\", algorithm=SHA-256", true);
    Challenge proxyBold = Challenge.parse("Digest realm=\"b\", nonce=\"3\"", true);
    Challenge sameRealmOtherHeader = Challenge.parse("Digest realm=\"uas\", nonce=\"4\"", true);
    assertEquals(
        List.of(uasSha, proxyA, proxyB, sameRealmOtherHeader),
        DigestAuthenticator.chooseChallenges(
            List.of(uasMd5, proxyA, proxyBold, uasSha, proxyB, sameRealmOtherHeader)));
    assertThrows(
        AuthenticationException.class,
        () ->
            DigestAuthenticator.chooseChallenges(
                List.of(Challenge.parse("Basic realm=\"x\"", false))));
  }

  @Test
  void replacesTheCredentialsOfTheSameRealmAndKeepsOtherRealms() {
    DigestSession session = new DigestSession();
    Challenge a = Challenge.parse("Digest realm=\"a\", nonce=\"1\", qop=\"auth\"", true);
    Challenge b = Challenge.parse("Digest realm=\"b\", nonce=\"2\", qop=\"auth\"", true);
    SipRequest once = authenticator.authorize(subscribe(), a, BOB, session);
    SipRequest twice = authenticator.authorize(once, b, BOB, session);
    assertEquals(2, twice.headers().values("Proxy-Authorization").size());
    Challenge aAgain =
        Challenge.parse("Digest realm=\"a\", nonce=\"9\", qop=\"auth\", stale=true", true);
    SipRequest thrice = authenticator.authorize(twice, aAgain, BOB, session);
    List<String> values = thrice.headers().values("Proxy-Authorization");
    assertEquals(2, values.size());
    assertTrue(values.get(0).contains("realm=\"a\", nonce=\"9\""), values.get(0));
    assertTrue(values.get(1).contains("realm=\"b\""), values.get(1));
    assertEquals(
        twice.headers().all().stream().map(h -> h.name()).toList(),
        thrice.headers().all().stream().map(h -> h.name()).toList());

    SipRequest withGarbage = subscribe().toBuilder().header("Authorization", "garbage \"").build();
    SipRequest fixed =
        authenticator.authorize(withGarbage, challenge("realm=\"r\", nonce=\"n\""), BOB, session);
    assertEquals(2, fixed.headers().values("Authorization").size());
  }

  private static String nc(SipRequest request) {
    return DigestVerifier.credentials(request, false).parameter("nc").orElseThrow();
  }

  private static String cnonce(SipRequest request) {
    return DigestVerifier.credentials(request, false).parameter("cnonce").orElseThrow();
  }
}
