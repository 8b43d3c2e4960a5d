package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sepapi.core.functional.Subscriber.ALICE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sepapi.core.SubscriberState;
import org.sepapi.core.sip.SipRequest;
import org.sepapi.core.spi.CredentialsProvider;
import org.sepapi.core.spi.SipCredentials;

/** Failed SUBSCRIBEs and refreshes: retried, re-authenticated, or reported. */
class FailureTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void nothingThrew() {
    gw.assertNothingThrew();
    gw.close();
  }

  private static CredentialsProvider password(String password) {
    return (identity, realm) ->
        realm.equals("pbx.test")
            ? Optional.of(SipCredentials.password("alice", password))
            : Optional.empty();
  }

  private SipRequest active(Subscriber.Machine m) {
    m.start();
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).state("active;expires=3600").send();
    m.assertState(SubscriberState.ACTIVE);
    return s;
  }

  @Test
  void a481ToARefreshStartsANewSubscriptionAtOnce() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.answerNext("SUBSCRIBE", 481);
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    double at = gw.elapsed();
    assertEquals("pbx-1", refresh.to().tag().orElseThrow());
    SipRequest fresh = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(at, gw.elapsed(), "at once");
    assertTrue(fresh.to().tag().isEmpty());
    assertNotEquals(s.callId(), fresh.callId());
    m.assertState(SubscriberState.ACCEPTED);
    assertEquals(OptionalInt.of(481), m.dialogTerminations.get(0).status());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 500, 503})
  void failuresAreRetriedWithACappedExponentialBackoffWithJitter(int status) {
    gw.pbx.answer("SUBSCRIBE", status);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest previous = gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.WAITING);
    List<Double> delays = new ArrayList<>();
    for (int failure = 1; failure <= 12; failure++) {
      double before = gw.elapsed();
      SipRequest next = gw.awaitRequest(Duration.ofMinutes(5));
      double delay = gw.elapsed() - before;
      double ceiling = Math.min(300, 2 * Math.pow(2, failure - 1));
      assertTrue(delay <= ceiling, "retry " + failure + " after " + delay + " s > " + ceiling);
      assertNotEquals(previous.callId(), next.callId());
      delays.add(delay);
      previous = next;
    }
    assertTrue(new HashSet<>(delays).size() > 6, "jittered: " + delays);
    assertTrue(delays.subList(8, 12).stream().mapToDouble(d -> d).sum() > 300, "grows: " + delays);
    assertEquals(SubscriberState.WAITING, m.state());
  }

  @Test
  void a503RetryAfterIsWaitedFor() {
    gw.pbx.answerNext("SUBSCRIBE", 503, "Retry-After: 60");
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    gw.awaitRequest(Duration.ofSeconds(61));
    assertEquals(60, gw.elapsed());
    m.assertState(SubscriberState.ACCEPTED);
  }

  @Test
  void aRetryAfterLongerThanTheBackoffCapIsStillWaitedFor() {
    gw.pbx.answerNext("SUBSCRIBE", 503, "Retry-After: 900");
    gw.pbx.answer("SUBSCRIBE", 202);
    gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    gw.awaitRequest(Duration.ofSeconds(901));
    assertEquals(900, gw.elapsed());
  }

  @Test
  void anAbsurdRetryAfterIsCappedAtAnHour() {
    gw.pbx.answerNext("SUBSCRIBE", 500, "Retry-After: 99999999");
    gw.pbx.answer("SUBSCRIBE", 202);
    gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    gw.awaitRequest(Duration.ofHours(2));
    assertEquals(3600, gw.elapsed());
  }

  @Test
  void aTransportTimeoutIsRetriedWithBackoff() {
    Subscriber.Machine m = gw.machine(ALICE).start(); // nothing answers the SUBSCRIBE
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.advance(Duration.ofSeconds(32));
    m.assertState(SubscriberState.WAITING);
    SipRequest again = gw.awaitRequest(Duration.ofSeconds(2));
    assertTrue(gw.elapsed() >= 32 && gw.elapsed() <= 34, "+" + gw.elapsed());
    assertNotEquals(s.callId(), again.callId());
  }

  @Test
  void anUnreachableNotifierIsRetriedWithBackoff() {
    gw.network.unreachable("pbx.test");
    Subscriber.Machine m = gw.machine(ALICE).start();
    m.assertState(SubscriberState.WAITING);
    gw.network.reachable("pbx.test");
    gw.awaitRequest(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 500, 503})
  void aFailedRefreshEndsTheDialogAndSubscribesAgainAfterABackoff(int status) {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE);
    SipRequest s = active(m);
    gw.pbx.answerNext("SUBSCRIBE", status);
    gw.awaitRequest(Duration.ofHours(1));
    double at = gw.elapsed();
    m.assertState(SubscriberState.WAITING);
    assertEquals("dialog-terminated pbx-1 refresh-failed", m.events.get(m.events.size() - 2));
    SipRequest fresh = gw.awaitRequest(Duration.ofSeconds(2));
    assertTrue(gw.elapsed() - at <= 2);
    assertNotEquals(s.callId(), fresh.callId());
  }

  @Test
  void a423IsRetriedWithMinExpiresWhichLaterRefreshesKeep() {
    gw.pbx.answerNext("SUBSCRIBE", 423, "Min-Expires: 7200");
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest second = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(3600, first.expires().orElseThrow());
    assertEquals(7200, second.expires().orElseThrow());
    assertEquals(first.callId(), second.callId());
    assertEquals(first.from(), second.from());
    assertEquals(first.cseq().sequence() + 1, second.cseq().sequence());
    m.assertState(SubscriberState.ACCEPTED);
    gw.pbx.notifyFor(second).send();
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(2));
    assertEquals(7200, refresh.expires().orElseThrow());
    assertTrue(gw.elapsed() > 3600, "granted 7200 s: refreshed at +" + gw.elapsed());
  }

  @Test
  void a423WithoutABiggerMinExpiresEndsTheSubscription() {
    gw.pbx.answer("SUBSCRIBE", 423);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(OptionalInt.of(423), m.terminated.status());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void a423ToARefreshIsRetriedWithMinExpires() {
    gw.pbx.answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE);
    active(m);
    gw.pbx.answerNext("SUBSCRIBE", 423, "Min-Expires: 5000");
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    SipRequest again = gw.pbx.takeRequest("SUBSCRIBE");
    assertEquals(5000, again.expires().orElseThrow());
    assertEquals(refresh.to(), again.to());
    assertEquals(refresh.cseq().sequence() + 1, again.cseq().sequence());
    m.assertState(SubscriberState.ACTIVE);
  }

  @Test
  void a401IsAnsweredOnceWithDigestCredentials() {
    gw.credentials = password("secret");
    gw.pbx.requireDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    SipRequest first = gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest second = gw.pbx.takeRequest("SUBSCRIBE");
    assertTrue(first.header("Authorization").isEmpty());
    assertTrue(second.header("Authorization").orElseThrow().startsWith("Digest "));
    assertEquals(first.callId(), second.callId());
    assertEquals(first.from(), second.from());
    assertEquals(2, second.cseq().sequence());
    m.assertState(SubscriberState.ACCEPTED);
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void a423AfterADigestChallengeIsSentAgainWithoutTheSpentCredentials() {
    gw.credentials = password("secret");
    gw.pbx.requireDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    gw.pbx.answerNext("SUBSCRIBE", 423, "Min-Expires: 7200");
    Subscriber.Machine m = gw.machine(ALICE).start();
    List<SipRequest> sent = gw.pbx.requests();
    assertEquals(4, sent.size(), "401, 423, 401, 202");
    assertTrue(sent.get(1).header("Authorization").isPresent());
    assertTrue(sent.get(2).header("Authorization").isEmpty(), "no nonce count used twice");
    assertEquals(7200, sent.get(2).expires().orElseThrow());
    assertTrue(sent.get(3).header("Authorization").isPresent());
    assertEquals(List.of(1L, 2L, 3L, 4L), sent.stream().map(r -> r.cseq().sequence()).toList());
    m.assertState(SubscriberState.ACCEPTED);
  }

  @Test
  void a407IsAnsweredOnceWithProxyCredentials() {
    gw.credentials = password("secret");
    gw.pbx.requireProxyDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest second = gw.pbx.takeRequest("SUBSCRIBE");
    assertTrue(second.header("Proxy-Authorization").orElseThrow().startsWith("Digest "));
    assertFalse(second.header("Authorization").isPresent());
    m.assertState(SubscriberState.ACCEPTED);
  }

  @Test
  void aWrongPasswordStopsWithTheRefused401AndNoLoop() {
    gw.credentials = password("wrong");
    gw.pbx.requireDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals("refused", m.terminated.reason());
    assertEquals(OptionalInt.of(401), m.terminated.status());
    gw.assertQuietFor(Duration.ofDays(1));
  }

  @Test
  void noCredentialsStopsWithThe401() {
    gw.pbx.requireDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals(OptionalInt.of(401), m.terminated.status());
    gw.pbx.assertNoMoreRequests();
  }

  @Test
  void aChallengedRefreshIsAnsweredAndTheSubscriptionGoesOn() {
    gw.credentials = password("secret");
    gw.pbx.requireDigest("pbx.test", "alice", "secret").answer("SUBSCRIBE", 202);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    SipRequest s = gw.pbx.takeRequest("SUBSCRIBE");
    gw.pbx.notifyFor(s).send();
    m.assertState(SubscriberState.ACTIVE);
    SipRequest refresh = gw.awaitRequest(Duration.ofHours(1));
    assertEquals("pbx-1", refresh.to().tag().orElseThrow());
    assertTrue(refresh.header("Authorization").isEmpty());
    SipRequest answered = gw.pbx.takeRequest("SUBSCRIBE");
    assertTrue(answered.header("Authorization").isPresent());
    assertEquals(refresh.cseq().sequence() + 1, answered.cseq().sequence());
    assertEquals(refresh.to(), answered.to());
    m.assertState(SubscriberState.ACTIVE);
    gw.pbx.assertNoMoreRequests();
    gw.awaitRequest(Duration.ofHours(1)); // and the one after
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 489, 603})
  void refusalsEndTheSubscriptionAndAreReported(int status) {
    gw.pbx.answer("SUBSCRIBE", status);
    Subscriber.Machine m = gw.machine(ALICE).start();
    gw.pbx.takeRequest("SUBSCRIBE");
    m.assertState(SubscriberState.TERMINATED);
    assertEquals("refused", m.terminated.reason());
    assertEquals(OptionalInt.of(status), m.terminated.status());
    assertEquals(List.of("state SENT", "state TERMINATED", "terminated refused"), m.events);
    assertEquals(0, gw.router.size());
    gw.assertQuietFor(Duration.ofDays(1));
  }
}
