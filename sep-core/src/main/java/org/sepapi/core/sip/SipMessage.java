package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.sepapi.core.internal.SipSyntax;
import org.sepapi.core.spi.Body;

/**
 * A SIP request or response: headers and an optional body, with typed readers for the headers the
 * engine uses. Every reader parses on each call and throws {@link SipParseException} for a
 * malformed value. Immutable.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {
  SipHeaders headers();

  /** The body, with the message's Content-Type; empty when there is none. */
  Optional<Body> body();

  /** The first value of header {@code name}. */
  default Optional<String> header(String name) {
    return headers().first(name);
  }

  /**
   * @throws SipParseException if the From header is missing or malformed
   */
  default NameAddr from() {
    return NameAddr.parse(required("From"));
  }

  /**
   * @throws SipParseException if the To header is missing or malformed
   */
  default NameAddr to() {
    return NameAddr.parse(required("To"));
  }

  /**
   * @throws SipParseException if there is no Call-ID
   */
  default String callId() {
    return required("Call-ID");
  }

  /**
   * @throws SipParseException if the CSeq header is missing or malformed
   */
  default CSeq cseq() {
    return CSeq.parse(required("CSeq"));
  }

  /**
   * The Via headers, top first.
   *
   * @throws SipParseException if one is malformed
   */
  default List<Via> vias() {
    return headers().elements("Via").stream().map(Via::parse).toList();
  }

  /** The Contact header's first value. */
  default Optional<NameAddr> contact() {
    List<String> contacts = headers().elements("Contact");
    return contacts.isEmpty() ? Optional.empty() : Optional.of(NameAddr.parse(contacts.get(0)));
  }

  /** The Record-Route values, in order. */
  default List<NameAddr> recordRoutes() {
    return headers().elements("Record-Route").stream().map(NameAddr::parse).toList();
  }

  /** The Content-Type header. */
  default Optional<ContentType> contentType() {
    return header("Content-Type").map(ContentType::parse);
  }

  /** The Event header. */
  default Optional<EventHeader> event() {
    return header("Event").map(EventHeader::parse);
  }

  /** The Subscription-State header. */
  default Optional<SubscriptionState> subscriptionState() {
    return header("Subscription-State").map(SubscriptionState::parse);
  }

  /**
   * The Expires header, in seconds.
   *
   * @throws SipParseException if it is not a number of at most 10 digits
   */
  default OptionalLong expires() {
    return seconds("Expires");
  }

  /** The Min-Expires header, in seconds (a 423 carries it). */
  default OptionalLong minExpires() {
    return seconds("Min-Expires");
  }

  /**
   * The Retry-After header's delta-seconds, comment and parameters ignored.
   *
   * @throws SipParseException if the value does not start with a number of at most 10 digits
   */
  default OptionalLong retryAfter() {
    Optional<String> value = header("Retry-After");
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String text = value.get();
    int end = 0;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return OptionalLong.of(SipSyntax.number(text.substring(0, end), "Retry-After"));
  }

  /** The elements of a comma-separated header (Accept, Supported, Require, Allow-Events, ...). */
  default List<String> elements(String name) {
    return headers().elements(name);
  }

  /**
   * The WWW-Authenticate and Proxy-Authenticate challenges, WWW-Authenticate first, each in the
   * order of its lines (RFC 8760: one line per algorithm offered).
   *
   * @throws SipParseException if one is malformed
   */
  default List<Challenge> challenges() {
    List<Challenge> challenges = new ArrayList<>(1);
    for (String value : headers().values("WWW-Authenticate")) {
      challenges.add(Challenge.parse(value, false));
    }
    for (String value : headers().values("Proxy-Authenticate")) {
      challenges.add(Challenge.parse(value, true));
    }
    return List.copyOf(challenges);
  }

  private OptionalLong seconds(String name) {
    Optional<String> value = header(name);
    return value.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(SipSyntax.number(value.get(), name));
  }

  private String required(String name) {
    return header(name).orElseThrow(() -> new SipParseException("no " + name + " header"));
  }
}
