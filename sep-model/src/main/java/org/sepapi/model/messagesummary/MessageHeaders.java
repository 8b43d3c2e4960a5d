package org.sepapi.model.messagesummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The headers of one message listed after a summary (RFC 3842 section 5.2, {@code
 * opt-msg-headers}): typically To, From, Subject, Date, Priority and Message-ID of a new message,
 * in the order written.
 *
 * <p>Thread-safe (immutable).
 */
public final class MessageHeaders {
  private final List<MessageHeader> headers;

  private MessageHeaders(List<MessageHeader> headers) {
    this.headers = List.copyOf(headers);
    if (this.headers.isEmpty()) {
      throw new IllegalArgumentException("a message's headers need at least one header");
    }
  }

  /** One message's headers, in order; at least one. */
  public static MessageHeaders of(List<MessageHeader> headers) {
    return new MessageHeaders(Objects.requireNonNull(headers, "headers"));
  }

  /** One message's headers, in order; at least one. */
  public static MessageHeaders of(MessageHeader... headers) {
    return of(List.of(headers));
  }

  public List<MessageHeader> headers() {
    return headers;
  }

  /** The value of the first header of that name (case-insensitive). */
  public Optional<String> value(String name) {
    for (MessageHeader header : headers) {
      if (header.is(name)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header of that name (case-insensitive), in order. */
  public List<String> values(String name) {
    List<String> values = new ArrayList<>();
    for (MessageHeader header : headers) {
      if (header.is(name)) {
        values.add(header.value());
      }
    }
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageHeaders other && headers.equals(other.headers);
  }

  @Override
  public int hashCode() {
    return headers.hashCode();
  }

  @Override
  public String toString() {
    return headers.toString();
  }
}
