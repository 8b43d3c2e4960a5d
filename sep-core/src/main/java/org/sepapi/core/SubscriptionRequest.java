package org.sepapi.core;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sepapi.core.internal.SipSyntax;
import org.sepapi.core.sip.SipUri;

/**
 * What an API client asks for: an event package, the resources (or one RLS list URI), where to call
 * back, until when, and what to accept. Immutable.
 *
 * @param owner who made it: only the owner sees and changes it
 * @param event the event package token ({@code reg}, {@code dialog}, ...)
 * @param resources the resources, de-duplicated, in order (fan-out mode: one SUBSCRIBE each); empty
 *     in RLS mode
 * @param rlsUri the list URI that an RLS serves (RFC 4662: one SUBSCRIBE with {@code Supported:
 *     eventlist}), instead of resources
 * @param notifyUrl the callback; empty when the client polls
 * @param expires when the subscription ends
 * @param accept the SUBSCRIBE's Accept types (media ranges such as {@code application/xml} or
 *     {@code application/xml;q=0.5}), de-duplicated, in order; empty for the package's defaults
 */
public record SubscriptionRequest(
    String owner,
    String event,
    List<SipUri> resources,
    Optional<SipUri> rlsUri,
    Optional<URI> notifyUrl,
    Instant expires,
    List<String> accept) {
  public SubscriptionRequest {
    Objects.requireNonNull(owner, "owner");
    if (!SipSyntax.isToken(event)) {
      throw new IllegalArgumentException("an event package is a token: " + event);
    }
    resources = List.copyOf(new LinkedHashSet<>(resources));
    Objects.requireNonNull(rlsUri, "rlsUri");
    if (resources.isEmpty() == rlsUri.isEmpty()) {
      throw new IllegalArgumentException("a subscription names resources or one RLS list URI");
    }
    Objects.requireNonNull(notifyUrl, "notifyUrl");
    Objects.requireNonNull(expires, "expires");
    LinkedHashSet<String> types = new LinkedHashSet<>();
    for (String type : accept) {
      if (type == null || !MEDIA_RANGE.matcher(type).matches()) {
        throw new IllegalArgumentException("an Accept type is a media range: " + type);
      }
      types.add(type.strip());
    }
    accept = List.copyOf(types);
  }

  /**
   * A media range as the Accept header of RFC 3261 has it: {@code type/subtype} (tokens, {@code *}
   * included) and parameters whose values are tokens or quoted strings; no comma, no line break.
   */
  private static final Pattern MEDIA_RANGE;

  static {
    String token = "[A-Za-z0-9.!%*_+`'~-]+";
    String quoted = "\"(?:[^\"\\\\\\r\\n]|\\\\[^\\r\\n])*\"";
    MEDIA_RANGE =
        Pattern.compile(
            "[ \\t]*"
                + token
                + "/"
                + token
                + "(?:[ \\t]*;[ \\t]*"
                + token
                + "[ \\t]*=[ \\t]*(?:"
                + token
                + "|"
                + quoted
                + "))*[ \\t]*");
  }

  /** A fan-out subscription to {@code resources}. */
  public static SubscriptionRequest of(
      String owner, String event, List<SipUri> resources, URI notifyUrl, Instant expires) {
    return new SubscriptionRequest(
        owner,
        event,
        resources,
        Optional.empty(),
        Optional.ofNullable(notifyUrl),
        expires,
        List.of());
  }

  /** Whether this is an RLS subscription. */
  public boolean isRls() {
    return rlsUri.isPresent();
  }

  /** The resources or the RLS list URI. */
  public List<SipUri> targets() {
    return rlsUri.map(List::of).orElse(resources);
  }
}
