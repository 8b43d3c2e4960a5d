package org.sepapi.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header value (RFC 9110 section 10.2.3): a number of seconds or
 * an HTTP date. Thread-safe: stateless.
 */
public final class RetryAfter {
  private static final int MAX_DIGITS = 18;

  private RetryAfter() {}

  /**
   * How long {@code value} says to wait, seen at {@code now}: the seconds it gives, or the time
   * until the date it gives (zero if that is past); empty if the value is missing or neither form.
   */
  public static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long seconds = text.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(text);
      return Optional.of(Duration.ofSeconds(seconds));
    }
    try {
      Instant date = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, date);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
