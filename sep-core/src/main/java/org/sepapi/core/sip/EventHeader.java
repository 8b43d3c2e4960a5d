package org.sepapi.core.sip;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;

/**
 * An Event header (RFC 6665 section 8.2.1): the event package, with its template (like {@code
 * presence.winfo}) as part of the name, and the {@code id} and other parameters. Two Event headers
 * match when package and id match (RFC 6665 section 8.2.1). Immutable and thread-safe; {@code
 * parse(event.toString())} equals {@code event}.
 *
 * <p>The package is kept in lower case (every registered package is), so matching ignores its case;
 * the id is compared exactly. The {@code id} component and the {@code id} entry of {@code
 * parameters} are one value: the constructor fills in whichever is missing.
 *
 * @param eventPackage the event type, a token, in lower case
 * @param id the {@code id} parameter
 * @param parameters every parameter, {@code id} included, names in lower case, in their order
 */
public record EventHeader(
    String eventPackage, Optional<String> id, Map<String, String> parameters) {
  /**
   * @throws IllegalArgumentException if the package is not a token, a parameter is not a token name
   *     with a value without line break, or {@code id} and {@code parameters} disagree
   */
  public EventHeader {
    if (!SipSyntax.isToken(eventPackage)) {
      throw new IllegalArgumentException("an event package is a token: " + eventPackage);
    }
    eventPackage = eventPackage.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(id, "id");
    Map<String, String> params = new LinkedHashMap<>(SipSyntax.checkParameters(parameters));
    String idParam = params.get("id");
    if (id.isPresent()) {
      SipSyntax.checkParameterValue(id.get());
      if (idParam != null && !idParam.equals(id.get())) {
        throw new IllegalArgumentException("id " + id.get() + " but parameter id=" + idParam);
      }
      params.putIfAbsent("id", id.get());
    } else if (idParam != null) {
      id = Optional.of(idParam);
    }
    parameters = SipSyntax.checkParameters(params);
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

  /** {@code Event: eventPackage;id=id}. */
  public static EventHeader of(String eventPackage, String id) {
    return new EventHeader(eventPackage, Optional.of(id), Map.of());
  }

  /**
   * Reads {@code package *(;param)}.
   *
   * @throws SipParseException if the value is not {@code package *(;param)}
   * @throws NullPointerException if {@code text} is null
   */
  public static EventHeader parse(String text) {
    String value = Objects.requireNonNull(text, "text").strip();
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

  /** The header value as it goes on the wire. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(eventPackage);
    SipSyntax.appendParameters(out, parameters);
    return out.toString();
  }
}
