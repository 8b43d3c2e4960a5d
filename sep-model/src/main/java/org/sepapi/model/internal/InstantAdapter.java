package org.sepapi.model.internal;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Binds {@code xs:dateTime} to {@link Instant}, for a time that is a point on the timeline rather
 * than a local reading: read exactly as {@link DateTimeAdapter} reads it (a value without a zone is
 * UTC; one that is not a date-time is refused with a message that names it), written in UTC ({@code
 * 2026-11-30T15:00:00.123Z}).
 */
public final class InstantAdapter extends XmlAdapter<String, Instant> {
  private final DateTimeAdapter dateTime = new DateTimeAdapter();

  @Override
  public Instant unmarshal(String value) {
    return value == null ? null : dateTime.unmarshal(value).toInstant();
  }

  @Override
  public String marshal(Instant value) {
    return value == null ? null : dateTime.marshal(value.atOffset(ZoneOffset.UTC));
  }
}
