package org.sepapi.core.sip;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * An Event header (RFC 6665 section 8.2.1): the event package, with its template (like {@code
 * presence.winfo}) as part of the name, and the {@code id} and other parameters. Two Event headers
 * match when package and id match (RFC 6665 section 8.2.1). Immutable.
 */
public record EventHeader(
    String eventPackage, Optional<String> id, Map<String, String> parameters) {
  public EventHeader {
    if (!SipSyntax.isToken(eventPackage)) {
      throw new IllegalArgumentException("an event package is a token: " + eventPackage);
    }
    eventPackage = eventPackage.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(id, "id");
    parameters = Map.copyOf(parameters);
  }

  /** {@code Event: eventPackage}, no id. */
  public static EventHeader of(String eventPackage) {
    EventHeader common = COMMON.get(eventPackage);
    return common != null ? common : new EventHeader(eventPackage, Optional.empty(), Map.of());
  }

  /** One shared value for each package sepapi knows: a gateway holds one per subscription. */
  private static final Map<String, EventHeader> COMMON =
      Map.of(
          "reg", new EventHeader("reg", Optional.empty(), Map.of()),
          "dialog", new EventHeader("dialog", Optional.empty(), Map.of()),
          "presence", new EventHeader("presence", Optional.empty(), Map.of()),
          "message-summary", new EventHeader("message-summary", Optional.empty(), Map.of()),
          "vq-rtcpxr", new EventHeader("vq-rtcpxr", Optional.empty(), Map.of()));

  /**
   * @throws SipParseException if the value is not {@code package *(;param)}
   */
  public static EventHeader parse(String text) {
    String value = text.strip();
    int semicolon = value.indexOf(';');
    String name = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
    if (!SipSyntax.isToken(name)) {
      throw new SipParseException("Event: not an event package token: " + text);
    }
    Map<String, String> params =
        semicolon < 0 ? Map.of() : SipSyntax.parameters(value, semicolon, "Event " + text);
    return new EventHeader(name, Optional.ofNullable(params.get("id")), params);
  }

  /** Whether {@code other} names the same package and id (RFC 6665 section 8.2.1). */
  public boolean matches(EventHeader other) {
    return eventPackage.equals(other.eventPackage) && id.equals(other.id);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(eventPackage);
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
