package org.sepapi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readsSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse("7", NOW));
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", NOW));
    assertEquals(
        Optional.of(Duration.ofSeconds(Long.MAX_VALUE)),
        RetryAfter.parse("99999999999999999999999999", NOW));
  }

  @Test
  void readsAnHttpDate() {
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", NOW));
    assertEquals(
        Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", NOW));
  }

  @Test
  void ignoresAnythingElse() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("1.5", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("2026-01-01T00:01:30Z", NOW));
  }
}
