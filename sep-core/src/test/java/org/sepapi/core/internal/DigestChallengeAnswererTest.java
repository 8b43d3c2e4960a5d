package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.sip.SipResponse;
import org.sepapi.core.sip.SipUri;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.SipCredentials;

/**
 * Answers a subscription's challenges once each, and never throws for credentials it cannot use.
 */
class DigestChallengeAnswererTest {
  private static final SipCredentials BOB = SipCredentials.password("bob", "zanzibar");

  private static SipRequest subscribe() {
    return SipRequest.builder("SUBSCRIBE", SipUri.parse("sip:alice@atlanta.com"))
        .header("From", "<sip:bob@biloxi.com>;tag=1")
        .header("To", "<sip:alice@atlanta.com>")
        .header("Call-ID", "a84b4c76e66710")
        .header("CSeq", "1 SUBSCRIBE")
        .header("Event", "presence")
        .build();
  }

  private static SipResponse challenge(SipRequest request, int status, String params) {
    String header = status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
    return SipResponse.to(request, status).header(header, "Digest " + params).build();
  }

  private static DigestChallengeAnswerer answerer(CredentialsProvider credentials) {
    return new DigestChallengeAnswerer(credentials, new SplittableRandom(3));
  }

  @Test
  void answersAChallengeWithCredentialsForItsRealm() {
    SipRequest request = subscribe();
    SipRequest answered =
        answerer((identity, realm) -> Optional.of(BOB))
            .answer(
                request, challenge(request, 401, "realm=\"biloxi\", nonce=\"n1\", qop=\"auth\""))
            .orElseThrow();
    assertTrue(DigestVerifier.verify(answered, false, "bob", "zanzibar"));
  }

  @Test
  void aChallengeToCredentialsForTheSameRealmIsNotAnsweredAgain() {
    DigestChallengeAnswerer answerer = answerer((identity, realm) -> Optional.of(BOB));
    SipRequest request = subscribe();
    SipRequest answered =
        answerer.answer(request, challenge(request, 401, "realm=\"biloxi\", nonce=\"n1\"")).get();
    assertEquals(
        Optional.empty(),
        answerer.answer(answered, challenge(answered, 401, "realm=\"biloxi\", nonce=\"n2\"")));
  }

  @Test
  void aStaleNonceIsAnsweredAgain() {
    DigestChallengeAnswerer answerer = answerer((identity, realm) -> Optional.of(BOB));
    SipRequest request = subscribe();
    SipRequest answered =
        answerer.answer(request, challenge(request, 401, "realm=\"biloxi\", nonce=\"n1\"")).get();
    SipRequest again =
        answerer
            .answer(
                answered, challenge(answered, 401, "realm=\"biloxi\", nonce=\"n2\", stale=true"))
            .orElseThrow();
    assertTrue(again.header("Authorization").orElseThrow().contains("nonce=\"n2\""));
    assertEquals(1, again.headers().values("Authorization").size());
  }

  @Test
  void noCredentialsNoAnswer() {
    SipRequest request = subscribe();
    assertEquals(
        Optional.empty(),
        answerer(CredentialsProvider.none())
            .answer(request, challenge(request, 407, "realm=\"proxy\", nonce=\"n1\"")));
  }

  @Test
  void credentialsThatCannotAnswerAreNoAnswerRatherThanAnException() {
    SipRequest request = subscribe();
    SipCredentials shortHa1 = new SipCredentials("bob", "abc123", true);
    assertEquals(
        Optional.empty(),
        answerer((identity, realm) -> Optional.of(shortHa1))
            .answer(request, challenge(request, 401, "realm=\"biloxi\", nonce=\"n1\"")));
  }

  @Test
  void aResponseWithNoDigestChallengeIsNoAnswer() {
    SipRequest request = subscribe();
    SipResponse basic =
        SipResponse.to(request, 401).header("WWW-Authenticate", "Basic realm=\"x\"").build();
    assertEquals(
        Optional.empty(), answerer((identity, realm) -> Optional.of(BOB)).answer(request, basic));
  }
}
