package org.sepapi.model.messagesummary;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One summary line of RFC 3842 section 5.2: for a message-context-class, the number of new and old
 * messages, and optionally how many of each are urgent ({@code Voice-Message: 4/8 (1/2)}). Every
 * count is between 0 and {@value #MAX_COUNT}.
 *
 * <p>Thread-safe (immutable).
 */
public final class MessageCounts {
  /** The largest count RFC 3842 allows, 2^32-1. */
  public static final long MAX_COUNT = 4_294_967_295L;

  private final MessageContextClass contextClass;
  private final long newCount;
  private final long oldCount;
  private final Long newUrgentCount;
  private final Long oldUrgentCount;

  private MessageCounts(
      MessageContextClass contextClass,
      long newCount,
      long oldCount,
      Long newUrgentCount,
      Long oldUrgentCount) {
    this.contextClass = Objects.requireNonNull(contextClass, "contextClass");
    this.newCount = count(newCount, "new");
    this.oldCount = count(oldCount, "old");
    this.newUrgentCount = newUrgentCount == null ? null : count(newUrgentCount, "new urgent");
    this.oldUrgentCount = oldUrgentCount == null ? null : count(oldUrgentCount, "old urgent");
  }

  /** Counts without urgent counts. */
  public static MessageCounts of(MessageContextClass contextClass, long newCount, long oldCount) {
    return new MessageCounts(contextClass, newCount, oldCount, null, null);
  }

  /** Counts with the urgent counts. */
  public static MessageCounts of(
      MessageContextClass contextClass,
      long newCount,
      long oldCount,
      long newUrgentCount,
      long oldUrgentCount) {
    return new MessageCounts(contextClass, newCount, oldCount, newUrgentCount, oldUrgentCount);
  }

  private static long count(long value, String what) {
    if (value < 0 || value > MAX_COUNT) {
      throw new IllegalArgumentException(what + " count " + value + " is outside 0.." + MAX_COUNT);
    }
    return value;
  }

  public MessageContextClass contextClass() {
    return contextClass;
  }

  /** New (unread) messages of this class. */
  public long newCount() {
    return newCount;
  }

  /** Old (read) messages of this class. */
  public long oldCount() {
    return oldCount;
  }

  /** Whether the line carries the optional urgent counts. */
  public boolean hasUrgentCounts() {
    return newUrgentCount != null;
  }

  /** How many of the new messages are urgent, when the line says. */
  public OptionalLong newUrgentCount() {
    return newUrgentCount == null ? OptionalLong.empty() : OptionalLong.of(newUrgentCount);
  }

  /** How many of the old messages are urgent, when the line says. */
  public OptionalLong oldUrgentCount() {
    return oldUrgentCount == null ? OptionalLong.empty() : OptionalLong.of(oldUrgentCount);
  }

  /** The counts as written after the colon: {@code 4/8} or {@code 4/8 (1/2)}. */
  public String value() {
    return newCount
        + "/"
        + oldCount
        + (newUrgentCount == null ? "" : " (" + newUrgentCount + "/" + oldUrgentCount + ")");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageCounts other
        && contextClass.equals(other.contextClass)
        && newCount == other.newCount
        && oldCount == other.oldCount
        && Objects.equals(newUrgentCount, other.newUrgentCount)
        && Objects.equals(oldUrgentCount, other.oldUrgentCount);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contextClass, newCount, oldCount, newUrgentCount, oldUrgentCount);
  }

  @Override
  public String toString() {
    return contextClass + ": " + value();
  }
}
