package org.sepapi.model.messagesummary;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.sepapi.model.internal.SipText;

/**
 * A message-context-class of RFC 3458 section 6.2, naming the kind of messages a summary line
 * counts: {@code voice-message}, {@code fax-message}, {@code pager-message}, {@code
 * multimedia-message}, {@code text-message} or {@code none}. A class outside that list, as some
 * messaging systems send, is kept by its name. Names compare case-insensitively.
 *
 * <p>Thread-safe (immutable).
 */
public final class MessageContextClass {
  public static final MessageContextClass VOICE_MESSAGE = known("Voice-Message");
  public static final MessageContextClass FAX_MESSAGE = known("Fax-Message");
  public static final MessageContextClass PAGER_MESSAGE = known("Pager-Message");
  public static final MessageContextClass MULTIMEDIA_MESSAGE = known("Multimedia-Message");
  public static final MessageContextClass TEXT_MESSAGE = known("Text-Message");
  public static final MessageContextClass NONE = known("None");

  private static final List<MessageContextClass> KNOWN =
      List.of(VOICE_MESSAGE, FAX_MESSAGE, PAGER_MESSAGE, MULTIMEDIA_MESSAGE, TEXT_MESSAGE, NONE);

  private final String name;
  private final String key;
  private final boolean isKnown;

  private MessageContextClass(String name, boolean isKnown) {
    this.name = name;
    this.key = name.toLowerCase(Locale.ROOT);
    this.isKnown = isKnown;
  }

  private static MessageContextClass known(String name) {
    return new MessageContextClass(name, true);
  }

  /**
   * The class of that name: one of the constants when it is one of RFC 3458's (in any case),
   * otherwise a class kept by the name as given.
   *
   * @throws IllegalArgumentException when the name is not a token, or is one of the summary's own
   *     header names ({@code Messages-Waiting}, {@code Message-Account})
   */
  public static MessageContextClass of(String name) {
    Objects.requireNonNull(name, "name");
    for (MessageContextClass known : KNOWN) {
      if (known.name.equalsIgnoreCase(name)) {
        return known;
      }
    }
    if (!SipText.isToken(name)) {
      throw new IllegalArgumentException("not a message-context-class name: '" + name + "'");
    }
    if (name.equalsIgnoreCase(MessageSummary.MESSAGES_WAITING)
        || name.equalsIgnoreCase(MessageSummary.MESSAGE_ACCOUNT)) {
      throw new IllegalArgumentException(name + " is not a message-context-class");
    }
    return new MessageContextClass(name, false);
  }

  /** The six classes of RFC 3458, in its order. */
  public static List<MessageContextClass> known() {
    return KNOWN;
  }

  /** The name as written in a summary line: RFC 3458's spelling for a known class. */
  public String name() {
    return name;
  }

  /** Whether this is one of RFC 3458's classes. */
  public boolean isKnown() {
    return isKnown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageContextClass other && key.equals(other.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
