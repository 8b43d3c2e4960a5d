package org.sepapi.core.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sepapi.core.internal.SubscriberSettings;
import org.sepapi.core.spi.CredentialsProvider;

/** What the settings shared by every machine refuse. */
class SubscriberSettingsTest {
  private final Subscriber gw = new Subscriber();

  @AfterEach
  void close() {
    gw.close();
  }

  private SubscriberSettings with(
      Duration defaultExpires, Duration timerN, Duration unsubscribeWait, int maxDialogs) {
    return new SubscriberSettings(
        gw.transport,
        gw.router,
        () -> null,
        gw.scheduler,
        gw.clock,
        gw.random,
        Subscriber.IDENTITY,
        List.of(),
        CredentialsProvider.none(),
        defaultExpires,
        Subscriber.BACKOFF,
        timerN,
        unsubscribeWait,
        maxDialogs,
        "");
  }

  @Test
  void theDefaultsOfTheFixtureAreAccepted() {
    SubscriberSettings settings = gw.settings();
    assertEquals(Duration.ofHours(1), settings.defaultExpires());
    assertEquals(List.of(), settings.outboundRoute());
  }

  @Test
  void durationsAndLimitsOutOfRangeAreRefused() {
    Duration hour = Duration.ofHours(1);
    Duration n = Subscriber.TIMER_N;
    assertThrows(IllegalArgumentException.class, () -> with(Duration.ZERO, n, n, 4));
    assertThrows(IllegalArgumentException.class, () -> with(hour, Duration.ZERO, n, 4));
    assertThrows(IllegalArgumentException.class, () -> with(hour, n.negated(), n, 4));
    assertThrows(IllegalArgumentException.class, () -> with(hour, n, Duration.ZERO, 4));
    assertThrows(IllegalArgumentException.class, () -> with(hour, n, n, 0));
    assertThrows(NullPointerException.class, () -> with(null, n, n, 4));
    assertThrows(NullPointerException.class, () -> with(hour, null, n, 4));
    assertThrows(NullPointerException.class, () -> with(hour, n, null, 4));
  }
}
