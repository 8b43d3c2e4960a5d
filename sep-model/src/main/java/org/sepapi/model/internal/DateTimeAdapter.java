package org.sepapi.model.internal;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.sepapi.model.ModelException;

/**
 * Binds {@code xs:dateTime} to {@link OffsetDateTime}. A value without a zone is read as UTC (the
 * API's times are absolute, and a client that leaves the zone out nearly always means UTC); a value
 * that is not a date-time is refused with a message that names it. Written in ISO 8601 with its
 * offset ({@code Z} for UTC).
 */
public final class DateTimeAdapter extends XmlAdapter<String, OffsetDateTime> {
  @Override
  public OffsetDateTime unmarshal(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException withoutZone) {
      try {
        return LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new ModelException("'" + value + "' is not an xs:dateTime");
      }
    }
  }

  @Override
  public String marshal(OffsetDateTime value) {
    return value == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
  }
}
