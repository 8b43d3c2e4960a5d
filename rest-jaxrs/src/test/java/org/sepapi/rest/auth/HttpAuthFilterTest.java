package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.rest.auth.DigestClient.answer;
import static org.sepapi.rest.auth.DigestClient.header;
import static org.sepapi.rest.auth.DigestClient.quote;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipUri;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;
import org.sepapi.testkit.ManualClock;

/** {@link HttpAuthFilter} over real HTTP on 127.0.0.1, with the JDK's server and Jersey. */
class HttpAuthFilterTest {
  static final String REALM = "sepapi";
  static final String WRONG = "the user name or the password is wrong";

  static final InMemoryUserDirectory USERS =
      InMemoryUserDirectory.builder()
          .add(
              User.builder("alice")
                  .pin("1234")
                  .sipIdentity(SipUri.parse("sip:alice@example.com"))
                  .build())
          .add(
              User.builder("bob")
                  .ha1(REALM, DigestAlgorithm.MD5, DigestClient.h("MD5", "bob:sepapi:5678"))
                  .ha1(
                      REALM,
                      DigestAlgorithm.SHA_256,
                      DigestClient.h("SHA-256", "bob:sepapi:5678").toUpperCase())
                  .build())
          .add(
              User.builder("carol")
                  .ha1(REALM, DigestAlgorithm.MD5, DigestClient.h("MD5", "carol:sepapi:999"))
                  .build())
          .add(User.builder("dave").build())
          .build();

  private final ManualClock clock = ManualClock.create();
  private TestServer server;

  private HttpAuthFilter.Builder auth() {
    return HttpAuthFilter.builder().realm(REALM).users(USERS).clock(clock);
  }

  private TestServer server() {
    if (server == null) {
      server = TestServer.start(auth());
    }
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ApiError error(HttpResponse<String> response) {
    assertEquals(401, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"),
        response.headers().toString());
    ApiError error = XmlCodec.of(ApiError.class).decode(response.body());
    assertEquals(401, error.code());
    return error;
  }

  /** A 401 with fresh SHA-256 and MD5 challenges; returns its message. */
  private static String refused(HttpResponse<String> response) {
    ApiError error = error(response);
    List<Challenge> challenges = TestServer.challenges(response);
    assertEquals(2, challenges.size(), "two WWW-Authenticate headers");
    assertEquals("SHA-256", challenges.get(0).algorithm());
    assertEquals("MD5", challenges.get(1).algorithm());
    for (Challenge challenge : challenges) {
      assertTrue(challenge.isDigest());
      assertEquals(REALM, challenge.realm().orElseThrow());
      assertEquals(List.of("auth"), challenge.qopOptions());
      assertTrue(challenge.nonce().isPresent());
      assertTrue(challenge.opaque().isPresent());
    }
    return error.message();
  }

  private HttpResponse<String> login(String algorithm, String user, String password) {
    HttpResponse<String> challenge = server().get("/echo");
    return server()
        .get(
            "/echo",
            "Authorization",
            header(
                answer(
                    TestServer.challenge(challenge, algorithm.replace("-sess", "")),
                    algorithm,
                    user,
                    password,
                    "GET",
                    "/echo",
                    1)));
  }

  @Test
  void aRequestWithoutCredentialsIsChallengedForSha256ThenMd5() {
    HttpResponse<String> first = server().get("/echo");
    String message = refused(first);
    assertTrue(message.contains("Digest"), message);
    List<Challenge> challenges = TestServer.challenges(first);
    assertEquals(challenges.get(0).nonce(), challenges.get(1).nonce());
    assertFalse(challenges.get(0).stale());
    assertTrue(first.headers().allValues("WWW-Authenticate").get(0).contains("qop=\"auth\""));

    HttpResponse<String> second = server().get("/echo");
    refused(second);
    assertNotEquals(
        challenges.get(0).nonce(), TestServer.challenges(second).get(0).nonce(), "fresh nonce");
  }

  @ParameterizedTest
  @CsvSource({
    "SHA-256, alice, 1234",
    "MD5, alice, 1234",
    "SHA-256, bob, 5678",
    "MD5, bob, 5678",
    "MD5, carol, 999",
    "SHA-256-sess, alice, 1234",
    "MD5-sess, bob, 5678",
  })
  void goodCredentialsPass(String algorithm, String user, String password) {
    HttpResponse<String> response = login(algorithm, user, password);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(user + " DIGEST user false", response.body());
  }

  @Test
  void aNonceServesMoreRequestsWithGrowingCounts() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    for (int nc : new int[] {1, 2, 5}) {
      HttpResponse<String> response =
          server()
              .post(
                  "/echo?x=1",
                  "hello",
                  "Authorization",
                  header(answer(challenge, "SHA-256", "alice", "1234", "POST", "/echo?x=1", nc)));
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("alice DIGEST user false hello", response.body());
    }
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
    HttpResponse<String> wrong = login("SHA-256", "alice", "4321");
    assertEquals(WRONG, refused(wrong));
    assertEquals(WRONG, refused(login("SHA-256", "mallory", "1234")));
    assertEquals(WRONG, refused(login("MD5", "mallory", "1234")));
    assertEquals(WRONG, refused(login("MD5", "no:such user", "1234")));
    // a user without a secret, and one whose stored HA1 is for another algorithm
    assertEquals(WRONG, refused(login("SHA-256", "dave", "")));
    assertEquals(WRONG, refused(login("SHA-256", "carol", "999")));
    assertFalse(TestServer.challenges(wrong).get(0).stale());
  }

  @Test
  void aWrongPasswordGetsAFreshChallenge() {
    HttpResponse<String> challenge = server().get("/echo");
    Challenge offered = TestServer.challenge(challenge, "SHA-256");
    HttpResponse<String> wrong =
        server()
            .get(
                "/echo",
                "Authorization",
                header(answer(offered, "SHA-256", "alice", "0000", "GET", "/echo", 1)));
    refused(wrong);
    assertNotEquals(offered.nonce(), TestServer.challenge(wrong, "SHA-256").nonce());
    // the fresh nonce works
    HttpResponse<String> right =
        server()
            .get(
                "/echo",
                "Authorization",
                header(
                    answer(
                        TestServer.challenge(wrong, "SHA-256"),
                        "SHA-256",
                        "alice",
                        "1234",
                        "GET",
                        "/echo",
                        1)));
    assertEquals(200, right.statusCode());
  }

  @Test
  void aNonceCountIsNotAcceptedTwice() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "MD5");
    String first = header(answer(challenge, "MD5", "alice", "1234", "GET", "/echo", 1));
    assertEquals(200, server().get("/echo", "Authorization", first).statusCode());
    String replayed = refused(server().get("/echo", "Authorization", first));
    assertTrue(replayed.contains("replay"), replayed);

    String third = header(answer(challenge, "MD5", "alice", "1234", "GET", "/echo", 3));
    assertEquals(200, server().get("/echo", "Authorization", third).statusCode());
    String lower = header(answer(challenge, "MD5", "alice", "1234", "GET", "/echo", 2));
    assertTrue(refused(server().get("/echo", "Authorization", lower)).contains("replay"));
    assertFalse(
        TestServer.challenges(server().get("/echo", "Authorization", lower)).get(0).stale());
  }

  @Test
  void anExpiredNonceIsStaleAndTheNewOneWorks() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    String good = header(answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 1));
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertEquals(200, server().get("/echo", "Authorization", good).statusCode());

    clock.advance(Duration.ofMillis(1));
    String next = header(answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 2));
    HttpResponse<String> stale = server().get("/echo", "Authorization", next);
    assertTrue(refused(stale).contains("expired"));
    for (Challenge c : TestServer.challenges(stale)) {
      assertTrue(c.stale(), c.toString());
    }
    assertTrue(stale.headers().allValues("WWW-Authenticate").get(0).contains("stale=true"));

    Challenge renewed = TestServer.challenge(stale, "SHA-256");
    assertNotEquals(challenge.nonce(), renewed.nonce());
    HttpResponse<String> ok =
        server()
            .get(
                "/echo",
                "Authorization",
                header(answer(renewed, "SHA-256", "alice", "1234", "GET", "/echo", 1)));
    assertEquals(200, ok.statusCode(), ok.body());
  }

  @Test
  void anExpiredNonceWithAWrongPasswordIsNotStale() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> response =
        server()
            .get(
                "/echo",
                "Authorization",
                header(answer(challenge, "SHA-256", "alice", "9999", "GET", "/echo", 1)));
    assertEquals(WRONG, refused(response));
    assertFalse(TestServer.challenges(response).get(0).stale());
  }

  @Test
  void aNonceTheServerDidNotIssueIsRefused() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    String nonce = challenge.nonce().orElseThrow();
    char flipped = nonce.charAt(10) == 'A' ? 'B' : 'A';
    String tampered = nonce.substring(0, 10) + flipped + nonce.substring(11);
    // another server (another key) issued this one
    Challenge foreign;
    try (TestServer other = TestServer.start(auth())) {
      foreign = TestServer.challenge(other.get("/echo"), "SHA-256");
    }
    for (String forged : List.of(tampered, "abc", "", nonce + "A", foreign.nonce().orElseThrow())) {
      Challenge fake =
          new Challenge(
              "Digest",
              Map.of("realm", REALM, "nonce", forged, "opaque", challenge.opaque().orElseThrow()),
              false);
      HttpResponse<String> response =
          server()
              .get(
                  "/echo",
                  "Authorization",
                  header(answer(fake, "SHA-256", "alice", "1234", "GET", "/echo", 1)));
      assertTrue(refused(response).contains("not issued by this server"), forged);
      assertFalse(TestServer.challenges(response).get(0).stale());
    }
  }

  @Test
  void theDigestUriMustBeTheRequestTarget() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    for (String uri : List.of("/echo/other", "/echo?x=1", "/", "*")) {
      HttpResponse<String> response =
          server()
              .get(
                  "/echo",
                  "Authorization",
                  header(answer(challenge, "SHA-256", "alice", "1234", "GET", uri, 1)));
      assertTrue(refused(response).contains("request target"), uri);
    }
    // the absolute form is the request target too
    String absolute = server().uri("/echo/a%20b?q=1").toString();
    HttpResponse<String> ok =
        server()
            .get(
                "/echo/a%20b?q=1",
                "Authorization",
                header(answer(challenge, "SHA-256", "alice", "1234", "GET", absolute, 1)));
    assertEquals(200, ok.statusCode(), ok.body());
    HttpResponse<String> raw =
        server()
            .get(
                "/echo/a%20b?q=1",
                "Authorization",
                header(answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo/a%20b?q=1", 2)));
    assertEquals(200, raw.statusCode(), raw.body());
  }

  @Test
  void theMethodIsPartOfTheDigest() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    HttpResponse<String> response =
        server()
            .post(
                "/echo",
                "x",
                "Authorization",
                header(answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 1)));
    assertEquals(WRONG, refused(response));
  }

  @Test
  void whatTheServerDoesNotServeIsRefused() {
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    Map<String, String> good = answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 1);
    Map<String, String[]> changes = new LinkedHashMap<>();
    changes.put("qop=auth-int", new String[] {"qop", "auth-int", "qop=auth"});
    changes.put("algorithm", new String[] {"algorithm", "SHA-512-256", "algorithm"});
    changes.put("realm", new String[] {"realm", quote("other"), "realm"});
    changes.put("opaque", new String[] {"opaque", quote("xyz"), "opaque"});
    changes.put("userhash", new String[] {"userhash", "true", "userhash"});
    changes.put("nc", new String[] {"nc", "1", "nc is 8 hex digits"});
    changes.put("nc zero", new String[] {"nc", "00000000", "nc is 8 hex digits"});
    changes.put("cnonce", new String[] {"cnonce", quote(""), "cnonce"});
    for (Map.Entry<String, String[]> change : changes.entrySet()) {
      Map<String, String> params = new LinkedHashMap<>(good);
      params.put(change.getValue()[0], change.getValue()[1]);
      String message = refused(server().get("/echo", "Authorization", header(params)));
      assertTrue(message.contains(change.getValue()[2]), change.getKey() + ": " + message);
    }
    for (String missing :
        List.of("username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce")) {
      Map<String, String> params = new LinkedHashMap<>(good);
      params.remove(missing);
      String message = refused(server().get("/echo", "Authorization", header(params)));
      assertTrue(message.contains("lack " + missing), missing + ": " + message);
    }
    Map<String, String> utf8 = new LinkedHashMap<>(good);
    utf8.remove("username");
    utf8.put("username*", "UTF-8''alice");
    assertTrue(refused(server().get("/echo", "Authorization", header(utf8))).contains("username*"));
    // the good one still works: none of the refusals used up its count
    assertEquals(200, server().get("/echo", "Authorization", header(good)).statusCode());
  }

  @Test
  void otherSchemesAndMalformedHeadersAreChallenged() {
    assertTrue(
        refused(server().get("/echo", "Authorization", "Basic YWxpY2U6MTIzNA=="))
            .contains("only HTTP Digest"));
    assertTrue(
        refused(server().get("/echo", "Authorization", "Digest username=\"alice"))
            .contains("malformed"));
    assertTrue(
        refused(server().get("/echo", "Authorization", "Digest username=\"a\", username=\"b\""))
            .contains("twice"));
    Challenge challenge = TestServer.challenge(server().get("/echo"), "SHA-256");
    String good = header(answer(challenge, "SHA-256", "alice", "1234", "GET", "/echo", 1));
    assertTrue(
        refused(server().get("/echo", "Authorization", good, "Authorization", good))
            .contains("more than one"));
  }

  @Test
  void aTrustedHostNeedsNoCredentials() {
    server = TestServer.start(auth().trustedHosts(TrustedHosts.parse("10.0.0.0/8, 127.0.0.0/8")));
    HttpResponse<String> response = server.get("/echo");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("~trusted TRUSTED_HOST trusted false", response.body());
  }

  @Test
  void aTrustedHostThatSendsCredentialsIsThatUser() {
    server = TestServer.start(auth().trustedHosts(TrustedHosts.parse("127.0.0.1")));
    HttpResponse<String> challenge =
        server.get("/echo", "Authorization", "Digest username=\"alice\"");
    assertTrue(refused(challenge).contains("lack"));
    HttpResponse<String> response =
        server.get(
            "/echo",
            "Authorization",
            header(
                answer(
                    TestServer.challenge(challenge, "MD5"),
                    "MD5",
                    "alice",
                    "1234",
                    "GET",
                    "/echo",
                    1)));
    assertEquals("alice DIGEST user false", response.body());
    HttpResponse<String> wrong =
        server.get(
            "/echo",
            "Authorization",
            header(
                answer(
                    TestServer.challenge(challenge, "MD5"),
                    "MD5",
                    "alice",
                    "1",
                    "GET",
                    "/echo",
                    2)));
    assertEquals(WRONG, refused(wrong));
  }

  @Test
  void aHostOutsideTheTrustedRangesIsChallenged() {
    server = TestServer.start(auth().trustedHosts(TrustedHosts.parse("10.0.0.0/8,::1")));
    refused(server.get("/echo"));
  }

  @Test
  void aHostWhoseAddressIsUnknownIsNotTrusted() {
    // no JdkHttpClientAddress filter: the default resolver finds no request property
    server =
        TestServer.start(auth().trustedHosts(TrustedHosts.parse("0.0.0.0/0,::/0")).build(), null);
    refused(server.get("/echo"));
  }

  @Test
  void aFullNonceTableMakesTheOldestNonceStale() {
    server = TestServer.start(auth().maxTrackedNonces(1));
    Challenge first = TestServer.challenge(server.get("/echo"), "SHA-256");
    clock.advance(Duration.ofSeconds(1));
    Challenge second = TestServer.challenge(server.get("/echo"), "SHA-256");
    assertEquals(
        200,
        server
            .get(
                "/echo",
                "Authorization",
                header(answer(first, "SHA-256", "bob", "5678", "GET", "/echo", 1)))
            .statusCode());
    assertEquals(
        200,
        server
            .get(
                "/echo",
                "Authorization",
                header(answer(second, "SHA-256", "bob", "5678", "GET", "/echo", 1)))
            .statusCode());
    HttpResponse<String> forgotten =
        server.get(
            "/echo",
            "Authorization",
            header(answer(first, "SHA-256", "bob", "5678", "GET", "/echo", 2)));
    refused(forgotten);
    assertTrue(TestServer.challenges(forgotten).get(0).stale());
  }
}
