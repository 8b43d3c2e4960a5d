package org.sepapi.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSinkBuilderTest {
  @Test
  void refusesBadValuesAtOnce() {
    WebhookSink.Builder b = WebhookSink.builder();
    assertThrows(IllegalArgumentException.class, () -> b.maxConcurrentRequests(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(null));
    assertThrows(IllegalArgumentException.class, () -> b.initialBackoff(Duration.ofNanos(10)));
    assertThrows(IllegalArgumentException.class, () -> b.backoffMultiplier(0.9));
    assertThrows(IllegalArgumentException.class, () -> b.backoffMultiplier(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.maxBackoff(Duration.ofDays(400)));
    assertThrows(IllegalArgumentException.class, () -> b.signingSecret(""));
    assertThrows(IllegalArgumentException.class, () -> b.scheduler(null));
    assertThrows(IllegalArgumentException.class, () -> b.clock(null));
    assertThrows(IllegalArgumentException.class, () -> b.executor(null));
    assertThrows(IllegalArgumentException.class, () -> b.callbackPolicy(null));
  }

  @Test
  void refusesACapBelowTheInitialBackoff() {
    WebhookSink.Builder b =
        WebhookSink.builder()
            .initialBackoff(Duration.ofSeconds(10))
            .maxBackoff(Duration.ofSeconds(5));
    assertThrows(IllegalArgumentException.class, b::build);
  }

  @Test
  void aBuiltSinkRefusesANullSourceIgnoresSignalsOnceClosedAndClosesTwice() {
    WebhookSink sink = WebhookSink.builder().signingSecret("s").build();
    assertTrue(sink.toString().contains("signed=true"), sink::toString);
    assertThrows(IllegalArgumentException.class, () -> sink.signal(null));
    sink.close();
    assertDoesNotThrow(sink::close);
  }
}
