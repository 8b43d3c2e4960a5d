package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

  @Test
  void ceilingsDoubleFromTheInitialWaitUpToTheCap() {
    long[] seconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300};
    for (int failures = 1; failures <= seconds.length; failures++) {
      assertEquals(Duration.ofSeconds(seconds[failures - 1]), backoff.ceiling(failures));
    }
    assertEquals(Duration.ofMinutes(5), backoff.ceiling(Integer.MAX_VALUE));
  }

  @Test
  void aDrawScalesTheCeiling() {
    assertEquals(Duration.ZERO, backoff.delay(3, 0.0));
    assertEquals(Duration.ofSeconds(2), backoff.delay(3, 0.5));
    assertEquals(Duration.ofSeconds(4), backoff.delay(3, 1.0));
    assertEquals(Duration.ofMillis(123), backoff.delay(1, 0.1234));
    assertEquals(Duration.ofMillis(1234), backoff.delay(5, 0.077125));
  }

  @Test
  void everyDelayIsBetweenZeroAndTheCappedCeiling() {
    qt().forAll(
            integers().between(1, 1000),
            doubles().between(1.0, 10.0),
            integers()
                .between(1, 10_000)
                .zip(
                    integers().between(0, 1_000_000),
                    (initial, extra) -> new long[] {initial, initial + extra}),
            doubles().between(0.0, 1.0))
        .checkAssert(
            (failures, multiplier, initialAndMax, draw) -> {
              long initialMs = initialAndMax[0];
              long maxMs = initialAndMax[1];
              Backoff b =
                  new Backoff(Duration.ofMillis(initialMs), multiplier, Duration.ofMillis(maxMs));
              Duration ceiling = b.ceiling(failures);
              double exact = initialMs * Math.pow(multiplier, failures - 1);
              assertEquals(exact >= maxMs ? maxMs : (long) exact, ceiling.toMillis());
              assertTrue(failures == 1 || b.ceiling(failures - 1).compareTo(ceiling) <= 0);
              Duration delay = b.delay(failures, draw);
              assertTrue(!delay.isNegative() && delay.compareTo(ceiling) <= 0, delay::toString);
            });
  }

  @Test
  void refusesNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, 2, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> backoff.ceiling(0));
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, -0.1));
  }
}
