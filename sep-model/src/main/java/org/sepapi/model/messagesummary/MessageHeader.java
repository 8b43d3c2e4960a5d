package org.sepapi.model.messagesummary;

import java.util.Objects;
import org.sepapi.model.internal.SipText;

/**
 * One header of a message listed after a summary ({@code Subject: carpool tomorrow?}), kept as
 * written: the name in its own case, the value without the whitespace around it and with folded
 * lines joined by one space.
 *
 * <p>Thread-safe (immutable).
 */
public final class MessageHeader {
  private final String name;
  private final String value;

  private MessageHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!SipText.isFieldName(name)) {
      throw new IllegalArgumentException("not a header name: '" + name + "'");
    }
    this.name = name;
    this.value = SipText.lineText(value, "header " + name).strip();
  }

  /**
   * A header.
   *
   * @throws IllegalArgumentException when the name is not printable ASCII without a colon, or the
   *     value holds a line break or another control character than a tab
   */
  public static MessageHeader of(String name, String value) {
    return new MessageHeader(name, value);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether this header has that name, compared case-insensitively. */
  public boolean is(String headerName) {
    return name.equalsIgnoreCase(headerName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageHeader other && name.equals(other.name) && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, value);
  }

  @Override
  public String toString() {
    return name + ": " + value;
  }
}
