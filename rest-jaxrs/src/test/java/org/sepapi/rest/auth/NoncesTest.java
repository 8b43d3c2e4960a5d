package org.sepapi.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sepapi.testkit.ManualClock;

/** {@link Nonces} and {@link NonceCounts}. */
class NoncesTest {
  private final ManualClock clock = ManualClock.create();
  private final byte[] key = new byte[32];
  private final Nonces nonces = new Nonces(key, "sepapi", clock, Duration.ofMinutes(5));

  @Test
  void aNonceIsFreshUntilItsLifetimeEnds() {
    String nonce = nonces.issue();
    assertNotEquals(nonce, nonces.issue());
    assertEquals(Nonces.Status.FRESH, nonces.check(nonce).status());
    assertEquals(clock.millis(), nonces.check(nonce).issuedMillis());
    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertEquals(Nonces.Status.FRESH, nonces.check(nonce).status());
    clock.advance(Duration.ofMillis(1));
    assertEquals(Nonces.Status.EXPIRED, nonces.check(nonce).status());
  }

  @Test
  void onlyTheKeyAndRealmThatMadeANonceAcceptIt() {
    String nonce = nonces.issue();
    byte[] otherKey = key.clone();
    otherKey[0] = 1;
    assertEquals(
        Nonces.Status.FORGED,
        new Nonces(otherKey, "sepapi", clock, Duration.ofMinutes(5)).check(nonce).status());
    assertEquals(
        Nonces.Status.FORGED,
        new Nonces(key, "other", clock, Duration.ofMinutes(5)).check(nonce).status());
    assertEquals(
        Nonces.Status.FRESH,
        new Nonces(key.clone(), "sepapi", clock, Duration.ofMinutes(5)).check(nonce).status());
  }

  @Test
  void everyChangedCharacterIsForged() {
    String nonce = nonces.issue();
    for (int i = 0; i < nonce.length(); i++) {
      for (char c : new char[] {'A', 'b', '-', '_', '0'}) {
        if (nonce.charAt(i) != c) {
          String changed = nonce.substring(0, i) + c + nonce.substring(i + 1);
          assertEquals(Nonces.Status.FORGED, nonces.check(changed).status(), changed);
        }
      }
    }
    assertEquals(Nonces.Status.FORGED, nonces.check(nonce.substring(1)).status());
    assertEquals(Nonces.Status.FORGED, nonces.check(nonce + "=").status());
    assertEquals(Nonces.Status.FORGED, nonces.check("").status());
  }

  @Test
  void countsMustGrowPerNonce() {
    NonceCounts counts = new NonceCounts(10, 1000);
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("a", 0, 1, 0));
    assertEquals(NonceCounts.Outcome.REPLAYED, counts.record("a", 0, 1, 1));
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("b", 0, 1, 1));
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("a", 0, 7, 2));
    assertEquals(NonceCounts.Outcome.REPLAYED, counts.record("a", 0, 6, 3));
    assertEquals(2, counts.size());
  }

  @Test
  void expiredNoncesLeaveTheTable() {
    NonceCounts counts = new NonceCounts(10, 1000);
    counts.record("a", 0, 1, 0);
    counts.record("b", 500, 1, 500);
    assertEquals(2, counts.size());
    counts.record("c", 900, 1, 1000);
    assertEquals(2, counts.size(), "a expired at 1000");
    counts.record("c", 900, 2, 1900);
    assertEquals(1, counts.size());
  }

  @Test
  void aFullTableForgetsItsOldestAndEverythingOlder() {
    NonceCounts counts = new NonceCounts(2, 1000);
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("a", 10, 1, 30));
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("b", 20, 1, 30));
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("c", 30, 1, 30));
    assertEquals(2, counts.size());
    assertEquals(NonceCounts.Outcome.FORGOTTEN, counts.record("a", 10, 2, 31));
    assertEquals(NonceCounts.Outcome.FORGOTTEN, counts.record("old", 5, 1, 31));
    assertEquals(NonceCounts.Outcome.ACCEPTED, counts.record("b", 20, 2, 31));
    assertEquals(NonceCounts.Outcome.REPLAYED, counts.record("c", 30, 1, 31));
  }
}
