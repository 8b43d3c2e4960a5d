package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.sepapi.core.sip.SipGen.challenge;
import static org.sepapi.core.sip.SipGen.optional;
import static org.sepapi.core.sip.SipGen.text;
import static org.sepapi.core.sip.SipGen.token;
import static org.sepapi.core.sip.SipGen.uri;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.sepapi.core.AuthenticationException;
import org.sepapi.core.internal.DigestAuthenticator.Algorithm;
import org.sepapi.core.sip.Challenge;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.SipCredentials;

class DigestTheoriesTest {
  /** One challenged request: who asks, what the server offered, and the password. */
  record Case(
      SipRequest request, Challenge challenge, String username, String password, long seed) {}

  private static Gen<Case> cases() {
    Gen<Algorithm> algorithm = integers().between(0, 5).map(i -> Algorithm.values()[i]);
    Gen<Integer> qopShape = integers().between(0, 3);
    Gen<String> nonempty = text(1, 16);
    Gen<Optional<String>> opaque = optional(text(0, 12));
    Gen<Optional<String>> body = optional(text(0, 40));
    Gen<Boolean> coin = integers().between(0, 1).map(i -> i == 1);
    return in -> {
      Algorithm alg = algorithm.generate(in);
      Map<String, String> params = new LinkedHashMap<>();
      params.put("realm", text(0, 16).generate(in));
      params.put("nonce", nonempty.generate(in));
      int shape = qopShape.generate(in);
      if (shape == 0 && alg.isSession()) {
        shape = 1;
      }
      switch (shape) {
        case 1 -> params.put("qop", "auth");
        case 2 -> params.put("qop", "auth-int");
        case 3 -> params.put("qop", "auth-int, auth");
        default -> {}
      }
      if (coin.generate(in) || alg != Algorithm.MD5) {
        params.put("algorithm", alg.token());
      }
      opaque.generate(in).ifPresent(o -> params.put("opaque", o));
      if (coin.generate(in)) {
        params.put("userhash", "true");
      }
      Challenge challenge = new Challenge("Digest", params, coin.generate(in));
      SipRequest.Builder request =
          SipRequest.builder(token(1, 10).generate(in), uri().generate(in));
      body.generate(in).ifPresent(b -> request.body(Body.of("text/plain", b)));
      return new Case(
          request.build(),
          challenge,
          text(1, 12).generate(in),
          text(0, 16).generate(in),
          longs().all().generate(in));
    };
  }

  /** Challenges as servers offer them: mostly Digest, some with algorithms or qops unknown here. */
  private static Gen<Challenge> offers() {
    List<String> algorithms =
        List.of(
            "",
            "MD5",
            "MD5-sess",
            "SHA-256",
            "SHA-256-sess",
            "SHA-512-256",
            "SHA-512-256-sess",
            "sha-256",
            "SHA-1",
            "SHA-512",
            "AKAv1-MD5");
    List<String> qops = List.of("", "auth", "auth-int", "auth, auth-int", "auth-conf");
    Gen<Integer> algorithm = integers().between(0, algorithms.size() - 1);
    Gen<Integer> qop = integers().between(0, qops.size() - 1);
    Gen<Integer> tenth = integers().between(0, 9);
    return in -> {
      Map<String, String> params = new LinkedHashMap<>();
      if (tenth.generate(in) > 0) {
        params.put("realm", "r" + tenth.generate(in) % 3);
      }
      if (tenth.generate(in) > 0) {
        params.put("nonce", token(1, 8).generate(in));
      }
      String a = algorithms.get(algorithm.generate(in));
      if (!a.isEmpty()) {
        params.put("algorithm", a);
      }
      String q = qops.get(qop.generate(in));
      if (!q.isEmpty()) {
        params.put("qop", q);
      }
      return new Challenge(
          tenth.generate(in) > 0 ? "Digest" : "Basic", params, tenth.generate(in) > 6);
    };
  }

  @Test
  void theServerSideCheckAcceptsEveryAnswer() {
    qt().forAll(cases())
        .checkAssert(
            c -> {
              DigestSession session = new DigestSession();
              SipRequest answered =
                  DigestAuthenticator.withRandom(new SplittableRandom(c.seed()))
                      .authorize(
                          c.request(),
                          c.challenge(),
                          SipCredentials.password(c.username(), c.password()),
                          session);
              boolean proxy = c.challenge().proxy();
              assertTrue(
                  DigestVerifier.verify(answered, proxy, c.username(), c.password()),
                  () -> answered.toString());
              Challenge sent = DigestVerifier.credentials(answered, proxy);
              assertEquals(c.challenge().realm(), sent.realm());
              assertEquals(c.challenge().nonce(), sent.nonce());
              assertEquals(c.challenge().opaque(), sent.opaque());
              assertEquals(c.challenge().algorithm(), sent.algorithm());
              assertEquals(Optional.of(c.request().requestUri().toString()), sent.parameter("uri"));
              if (!c.challenge().qopOptions().isEmpty()) {
                assertEquals(Optional.of("00000001"), sent.parameter("nc"));
                assertEquals(1, session.count(c.challenge().nonce().orElseThrow()));
              }
              // everything else of the request is untouched
              String name = proxy ? "Proxy-Authorization" : "Authorization";
              assertEquals(c.request().headers().all(), answered.headers().without(name).all());
              assertEquals(c.request().body(), answered.body());
              assertEquals(c.request().requestUri(), answered.requestUri());
            });
  }

  @Test
  void theNonceCountIncreasesWithEveryRequestOfANonce() {
    qt().withExamples(200)
        .forAll(cases(), integers().between(2, 12))
        .assuming((c, n) -> !c.challenge().qopOptions().isEmpty())
        .checkAssert(
            (c, n) -> {
              DigestAuthenticator authenticator =
                  DigestAuthenticator.withRandom(new SplittableRandom(c.seed()));
              DigestSession session = new DigestSession();
              SipCredentials credentials = SipCredentials.password(c.username(), c.password());
              SipRequest request = c.request();
              for (int i = 1; i <= n; i++) {
                request = authenticator.authorize(request, c.challenge(), credentials, session);
                boolean proxy = c.challenge().proxy();
                assertEquals(
                    Optional.of(String.format("%08x", i)),
                    DigestVerifier.credentials(request, proxy).parameter("nc"));
                assertTrue(DigestVerifier.verify(request, proxy, c.username(), c.password()));
                assertEquals(
                    1,
                    request
                        .headers()
                        .values(proxy ? "Proxy-Authorization" : "Authorization")
                        .size());
              }
              assertEquals((long) n, session.count(c.challenge().nonce().orElseThrow()));
            });
  }

  @Test
  void anyChallengeIsAnsweredCorrectlyOrRefusedWithAuthenticationException() {
    qt().forAll(challenge().mix(offers()), uri())
        .checkAssert(
            (challenge, uri) -> {
              SipRequest request = SipRequest.builder("REGISTER", uri).build();
              SipRequest answered;
              try {
                answered =
                    DigestAuthenticator.withRandom(new SplittableRandom(1))
                        .authorize(
                            request,
                            challenge,
                            SipCredentials.password("bob", "zanzibar"),
                            new DigestSession());
              } catch (AuthenticationException refused) {
                assertTrue(!refused.getMessage().isBlank());
                return;
              }
              assertTrue(DigestVerifier.verify(answered, challenge.proxy(), "bob", "zanzibar"));
            });
  }

  @Test
  void theChosenChallengeIsAnswerableAndNoneIsStronger() {
    qt().forAll(org.sepapi.core.sip.SipGen.listOf(offers(), 0, 6))
        .checkAssert(
            challenges -> {
              List<Challenge> answerable =
                  challenges.stream()
                      .filter(
                          c -> {
                            try {
                              DigestAuthenticator.create()
                                  .authorize(
                                      SipRequest.builder(
                                              "OPTIONS",
                                              org.sepapi.core.sip.SipUri.parse("sip:a@b"))
                                          .build(),
                                      c,
                                      SipCredentials.password("u", "p"),
                                      new DigestSession());
                              return true;
                            } catch (AuthenticationException e) {
                              return false;
                            }
                          })
                      .toList();
              if (answerable.isEmpty()) {
                try {
                  DigestAuthenticator.chooseChallenge(challenges);
                  throw new AssertionError("chose one of " + challenges);
                } catch (AuthenticationException expected) {
                  return;
                }
              }
              Challenge chosen = DigestAuthenticator.chooseChallenge(challenges);
              assertTrue(answerable.contains(chosen));
              int strength = strength(chosen);
              for (Challenge c : answerable) {
                assertTrue(strength(c) <= strength);
              }
              assertEquals(
                  answerable.stream()
                      .filter(c -> strength(c) == strength)
                      .findFirst()
                      .orElseThrow(),
                  chosen);
            });
  }

  private static int strength(Challenge c) {
    return Algorithm.of(c.algorithm()).orElseThrow().hexLength() == 32
        ? 1
        : c.algorithm().toUpperCase().startsWith("SHA-256") ? 2 : 3;
  }
}
