package org.sepapi.model.messagesummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.SipText;
import org.sepapi.model.messagesummary.Text.Line;

/** Reads the text of RFC 3842 section 5.2 into a {@link MessageSummary}. */
final class MessageSummaryReader {
  /** {@code newmsgs SLASH oldmsgs [ LPAREN new-urgentmsgs SLASH old-urgentmsgs RPAREN ]}. */
  private static final Pattern COUNTS =
      Pattern.compile(
          "[ \\t]*([0-9]+)[ \\t]*/[ \\t]*([0-9]+)[ \\t]*"
              + "(?:\\([ \\t]*([0-9]+)[ \\t]*/[ \\t]*([0-9]+)[ \\t]*\\)[ \\t]*)?");

  private MessageSummaryReader() {}

  /** A logical line: a header line with its folded continuation lines joined. */
  private record Field(int line, String name, String value) {}

  static MessageSummary read(byte[] input, int maxBytes, int maxLines) {
    List<Line> lines = Text.lines(input, maxBytes, maxLines, "message summary");
    int i = 0;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    int firstLine = i < lines.size() ? lines.get(i).number() : 1;
    MessageSummary.Builder summary = MessageSummary.builder();
    Boolean waiting = null;
    String account = null;
    List<MessageCounts> counts = new ArrayList<>();

    // The summary: status, account and count lines, up to a blank line or the first message header.
    while (i < lines.size() && !lines.get(i).isBlank()) {
      int next = endOfField(lines, i);
      Field field = field(lines, i, next);
      String name = field.name();
      if (name.equalsIgnoreCase(MessageSummary.MESSAGES_WAITING)) {
        if (waiting != null) {
          throw refuse("Messages-Waiting appears twice", field.line());
        }
        waiting = status(field);
      } else if (name.equalsIgnoreCase(MessageSummary.MESSAGE_ACCOUNT)) {
        if (account != null) {
          throw refuse("Message-Account appears twice", field.line());
        }
        account = field.value();
        if (account.isEmpty()) {
          throw refuse("Message-Account is empty", field.line());
        }
      } else if (isCountLine(field)) {
        MessageCounts line = counts(field);
        for (MessageCounts earlier : counts) {
          if (earlier.contextClass().equals(line.contextClass())) {
            throw refuse(line.contextClass() + " is counted twice", field.line());
          }
        }
        counts.add(line);
      } else {
        break; // a message header with no blank line before it
      }
      i = next;
    }
    if (waiting == null) {
      throw refuse("Messages-Waiting is missing", firstLine);
    }
    summary.messagesWaiting(waiting).messageAccount(account).counts(counts);

    // The headers of listed messages: groups separated by blank lines.
    List<MessageHeader> message = new ArrayList<>();
    while (i < lines.size()) {
      if (lines.get(i).isBlank()) {
        flush(summary, message);
        i++;
        continue;
      }
      int next = endOfField(lines, i);
      Field field = field(lines, i, next);
      message.add(MessageHeader.of(field.name(), field.value()));
      i = next;
    }
    flush(summary, message);
    return summary.build();
  }

  private static void flush(MessageSummary.Builder summary, List<MessageHeader> message) {
    if (!message.isEmpty()) {
      summary.addMessageHeaders(MessageHeaders.of(message));
      message.clear();
    }
  }

  /** The index after a line and its continuation lines. */
  private static int endOfField(List<Line> lines, int i) {
    int next = i + 1;
    while (next < lines.size() && lines.get(next).isContinuation() && !lines.get(next).isBlank()) {
      next++;
    }
    return next;
  }

  private static Field field(List<Line> lines, int from, int to) {
    Line first = lines.get(from);
    if (first.isContinuation()) {
      throw refuse("a folded line with no header line before it", first.number());
    }
    StringBuilder text = new StringBuilder(first.text());
    for (int j = from + 1; j < to; j++) {
      text.append(' ').append(lines.get(j).text().strip());
    }
    int colon = text.indexOf(":");
    if (colon < 0) {
      throw refuse(
          "expected 'name: value', found '" + abbreviate(first.text()) + "'", first.number());
    }
    String name = text.substring(0, colon).stripTrailing();
    if (!SipText.isFieldName(name)) {
      throw refuse("not a header name: '" + abbreviate(name) + "'", first.number());
    }
    return new Field(first.number(), name, text.substring(colon + 1).strip());
  }

  private static boolean status(Field field) {
    String value = field.value();
    if (value.equalsIgnoreCase("yes")) {
      return true;
    }
    if (value.equalsIgnoreCase("no")) {
      return false;
    }
    throw refuse(
        "Messages-Waiting must be yes or no, not '" + abbreviate(value) + "'", field.line());
  }

  /**
   * Whether a summary line counts messages: one of RFC 3458's classes or a name ending in
   * "-message" (read strictly: a bad count is refused), or a token whose value is counts.
   */
  private static boolean isCountLine(Field field) {
    String name = field.name();
    if (!SipText.isToken(name)) {
      return false;
    }
    MessageContextClass contextClass = MessageContextClass.of(name);
    return contextClass.isKnown()
        || name.toLowerCase(Locale.ROOT).endsWith("-message")
        || COUNTS.matcher(field.value()).matches();
  }

  private static MessageCounts counts(Field field) {
    MessageContextClass contextClass = MessageContextClass.of(field.name());
    Matcher m = COUNTS.matcher(field.value());
    if (!m.matches()) {
      throw refuse(
          contextClass
              + " needs counts 'new/old' or 'new/old (urgent-new/urgent-old)', not '"
              + abbreviate(field.value())
              + "'",
          field.line());
    }
    long newCount = count(m.group(1), field);
    long oldCount = count(m.group(2), field);
    if (m.group(3) == null) {
      return MessageCounts.of(contextClass, newCount, oldCount);
    }
    return MessageCounts.of(
        contextClass, newCount, oldCount, count(m.group(3), field), count(m.group(4), field));
  }

  private static long count(String digits, Field field) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 10 || Long.parseLong(significant) > MessageCounts.MAX_COUNT) {
      throw refuse(
          "count " + abbreviate(digits) + " is larger than " + MessageCounts.MAX_COUNT,
          field.line());
    }
    return Long.parseLong(significant);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static ModelException refuse(String message, int line) {
    return new ModelException(message, line, -1, null);
  }
}
