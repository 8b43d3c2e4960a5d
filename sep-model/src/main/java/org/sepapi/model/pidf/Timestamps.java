package org.sepapi.model.pidf;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.Checks;

/**
 * Reads and writes a {@code <timestamp>}: an RFC 3339 date and time with its UTC offset, such as
 * {@code 2001-10-27T16:49:29Z} (RFC 3863; the schema's type is {@code xs:dateTime}).
 *
 * <p>Read: surrounding whitespace is ignored and {@code T}/{@code Z} may be lower case; a value
 * without an offset, with more than nine fraction digits, a year outside 0000-9999, an offset that
 * is not whole minutes or a field out of range is refused with a {@link ModelException} naming the
 * value. Written: the same instant at the same offset, in the ISO form ({@code Z} for a zero
 * offset, the fraction without trailing zeros), so {@code 16:49:29.250+00:00} is written back as
 * {@code 16:49:29.25Z}.
 */
final class Timestamps extends XmlAdapter<String, OffsetDateTime> {
  private static final DateTimeFormatter READ =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffsetId()
          .toFormatter(Locale.ROOT)
          .withChronology(IsoChronology.INSTANCE)
          .withResolverStyle(ResolverStyle.STRICT);

  Timestamps() {}

  @Override
  public OffsetDateTime unmarshal(String value) {
    if (value == null) {
      return null;
    }
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(value.strip(), READ);
    } catch (DateTimeException e) {
      throw refused(value);
    }
    if (!fits(time)) {
      throw refused(value);
    }
    return time;
  }

  @Override
  public String marshal(OffsetDateTime value) {
    return value == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
  }

  /** Whether RFC 3339 can write this time: a four-digit year and an offset in whole minutes. */
  static boolean fits(OffsetDateTime time) {
    return time.getYear() >= 0
        && time.getYear() <= 9999
        && time.getOffset().getTotalSeconds() % 60 == 0;
  }

  private static ModelException refused(String value) {
    return new ModelException(
        "timestamp "
            + Checks.quote(value)
            + " is not an RFC 3339 date and time with a UTC offset, such as 2001-10-27T16:49:29Z");
  }
}
