package org.sepapi.model.messagesummary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.model.internal.SipText;

/**
 * A message summary, RFC 3842 {@code application/simple-message-summary}: whether messages are
 * waiting, optionally the account they wait in, the counts per message-context-class and the
 * headers of messages listed after them.
 *
 * <pre>
 * Messages-Waiting: yes
 * Message-Account: sip:alice@vmail.example.com
 * Voice-Message: 2/8 (0/2)
 * </pre>
 *
 * <p>Reading ({@link #parse(byte[])}) follows the grammar of RFC 3842 section 5.2 and is tolerant
 * where messaging systems differ without the data being wrong: header names in any case, extra
 * whitespace, LF or lone CR line ends, folded lines, the status line after the account line, and a
 * missing blank line before the message headers. It refuses, with a {@link
 * org.sepapi.model.ModelException} giving the line, what would make the data wrong: a missing or
 * repeated {@code Messages-Waiting}, a status other than yes/no, a count that is not a number or is
 * past 2^32-1, a class counted twice, a line that is not {@code name: value}, bytes that are not
 * UTF-8, control characters, and input past the size or line limit. Writing ({@link #format()})
 * always produces the canonical form with CRLF line ends.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}.
 */
public final class MessageSummary {
  /** The content type of a message-summary NOTIFY body, {@value}. */
  public static final String CONTENT_TYPE = "application/simple-message-summary";

  /** The size past which {@link #parse(byte[])} refuses a body, {@value} bytes. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /** The number of lines past which {@link #parse(byte[])} refuses a body, {@value}. */
  public static final int DEFAULT_MAX_LINES = 1024;

  static final String MESSAGES_WAITING = "Messages-Waiting";
  static final String MESSAGE_ACCOUNT = "Message-Account";
  private static final String CRLF = "\r\n";

  private final boolean messagesWaiting;
  private final String messageAccount;
  private final List<MessageCounts> counts;
  private final List<MessageHeaders> messageHeaders;

  private MessageSummary(Builder b) {
    if (b.messagesWaiting == null) {
      throw new NullPointerException("messagesWaiting");
    }
    this.messagesWaiting = b.messagesWaiting;
    this.messageAccount = b.messageAccount;
    this.counts = List.copyOf(b.counts);
    this.messageHeaders = List.copyOf(b.messageHeaders);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this summary's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().messagesWaiting(messagesWaiting).messageAccount(messageAccount);
    b.counts.addAll(counts);
    b.messageHeaders.addAll(messageHeaders);
    return b;
  }

  /**
   * Reads a body with the default limits.
   *
   * @throws org.sepapi.model.ModelException when it is not a message summary, with the line
   */
  public static MessageSummary parse(byte[] body) {
    return parse(body, DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES);
  }

  /**
   * Reads a body of at most {@code maxBytes} bytes and {@code maxLines} lines.
   *
   * @throws org.sepapi.model.ModelException when it is not a message summary or is past a limit
   */
  public static MessageSummary parse(byte[] body, int maxBytes, int maxLines) {
    Objects.requireNonNull(body, "body");
    return MessageSummaryReader.read(body, maxBytes, maxLines);
  }

  /** Reads a body already decoded to characters, with the default limits. */
  public static MessageSummary parse(String body) {
    return parse(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The status line: {@code Messages-Waiting: yes}. */
  public boolean messagesWaiting() {
    return messagesWaiting;
  }

  /** The account the messages wait in ({@code Message-Account}), when the body names one. */
  public Optional<String> messageAccount() {
    return Optional.ofNullable(messageAccount);
  }

  /** The summary lines, in the order written; one per message-context-class at most. */
  public List<MessageCounts> counts() {
    return counts;
  }

  /** The summary line of a message-context-class, when the body has one. */
  public Optional<MessageCounts> counts(MessageContextClass contextClass) {
    for (MessageCounts line : counts) {
      if (line.contextClass().equals(contextClass)) {
        return Optional.of(line);
      }
    }
    return Optional.empty();
  }

  /** The headers of the messages listed after the summary, one entry per message. */
  public List<MessageHeaders> messageHeaders() {
    return messageHeaders;
  }

  /** The body in canonical form with CRLF line ends. */
  public String format() {
    StringBuilder out = new StringBuilder(128);
    out.append(MESSAGES_WAITING).append(": ").append(messagesWaiting ? "yes" : "no").append(CRLF);
    if (messageAccount != null) {
      out.append(MESSAGE_ACCOUNT).append(": ").append(messageAccount).append(CRLF);
    }
    for (MessageCounts line : counts) {
      out.append(line.contextClass().name()).append(": ").append(line.value()).append(CRLF);
    }
    for (MessageHeaders message : messageHeaders) {
      out.append(CRLF);
      for (MessageHeader header : message.headers()) {
        out.append(header.name()).append(':');
        if (!header.value().isEmpty()) {
          out.append(' ').append(header.value());
        }
        out.append(CRLF);
      }
    }
    return out.toString();
  }

  /** The body in canonical form, UTF-8. */
  public byte[] encode() {
    return format().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageSummary other
        && messagesWaiting == other.messagesWaiting
        && Objects.equals(messageAccount, other.messageAccount)
        && counts.equals(other.counts)
        && messageHeaders.equals(other.messageHeaders);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messagesWaiting, messageAccount, counts, messageHeaders);
  }

  @Override
  public String toString() {
    return "MessageSummary{messagesWaiting="
        + messagesWaiting
        + (messageAccount == null ? "" : ", messageAccount=" + messageAccount)
        + ", counts="
        + counts
        + (messageHeaders.isEmpty() ? "" : ", messageHeaders=" + messageHeaders)
        + "}";
  }

  /** Builds a {@link MessageSummary}. Not thread-safe. */
  public static final class Builder {
    private Boolean messagesWaiting;
    private String messageAccount;
    private final List<MessageCounts> counts = new ArrayList<>();
    private final List<MessageHeaders> messageHeaders = new ArrayList<>();

    private Builder() {}

    /** The status line; required. */
    public Builder messagesWaiting(boolean messagesWaiting) {
      this.messagesWaiting = messagesWaiting;
      return this;
    }

    /**
     * The account URI, or null for none.
     *
     * @throws IllegalArgumentException when it is blank or holds a control character
     */
    public Builder messageAccount(String messageAccount) {
      if (messageAccount != null) {
        String uri = SipText.lineText(messageAccount, "message account").strip();
        if (uri.isEmpty()) {
          throw new IllegalArgumentException("a message account cannot be blank");
        }
        messageAccount = uri;
      }
      this.messageAccount = messageAccount;
      return this;
    }

    /**
     * Adds a summary line.
     *
     * @throws IllegalArgumentException when its class already has one
     */
    public Builder addCounts(MessageCounts line) {
      Objects.requireNonNull(line, "counts");
      for (MessageCounts existing : counts) {
        if (existing.contextClass().equals(line.contextClass())) {
          throw new IllegalArgumentException(line.contextClass() + " is already counted");
        }
      }
      counts.add(line);
      return this;
    }

    /** Adds a summary line without urgent counts. */
    public Builder addCounts(MessageContextClass contextClass, long newCount, long oldCount) {
      return addCounts(MessageCounts.of(contextClass, newCount, oldCount));
    }

    /** Replaces the summary lines. */
    public Builder counts(List<MessageCounts> lines) {
      counts.clear();
      lines.forEach(this::addCounts);
      return this;
    }

    /** Adds the headers of one message. */
    public Builder addMessageHeaders(MessageHeaders message) {
      messageHeaders.add(Objects.requireNonNull(message, "messageHeaders"));
      return this;
    }

    /** Replaces the message headers. */
    public Builder messageHeaders(List<MessageHeaders> messages) {
      messageHeaders.clear();
      messages.forEach(this::addMessageHeaders);
      return this;
    }

    /**
     * The summary.
     *
     * @throws NullPointerException when messagesWaiting was not set
     */
    public MessageSummary build() {
      return new MessageSummary(this);
    }
  }
}
