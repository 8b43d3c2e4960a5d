package org.sepapi.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that moves only when told to. Usually driven through {@link ManualScheduler},
 * which moves it as it runs due tasks. Thread-safe.
 */
public final class ManualClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  private ManualClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code now}, in UTC. */
  public static ManualClock at(Instant now) {
    return new ManualClock(now, ZoneOffset.UTC);
  }

  /** A clock standing at 2026-01-01T00:00:00Z. */
  public static ManualClock create() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward by {@code duration}; backwards is refused. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock does not go back: " + duration);
    }
    synchronized (this) {
      now = now.plus(duration);
    }
  }

  /** Moves the clock to {@code instant}, which may not be earlier than now. */
  public void set(Instant instant) {
    synchronized (this) {
      if (instant.isBefore(now)) {
        throw new IllegalArgumentException("a manual clock does not go back: " + instant);
      }
      now = instant;
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ZoneShifted(this, zone);
  }

  /** The same manual time seen in another zone. */
  private static final class ZoneShifted extends Clock {
    private final ManualClock clock;
    private final ZoneId zone;

    ZoneShifted(ManualClock clock, ZoneId zone) {
      this.clock = clock;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new ZoneShifted(clock, zone);
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + now + "]";
  }
}
