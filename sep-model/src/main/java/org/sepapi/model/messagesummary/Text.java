package org.sepapi.model.messagesummary;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.SipText;

/** Line splitting of the text format. */
final class Text {
  private Text() {}

  /** A text line and its 1-based number in the input. */
  record Line(int number, String text) {
    boolean isBlank() {
      return text.isBlank();
    }

    boolean isContinuation() {
      return !text.isEmpty() && (text.charAt(0) == ' ' || text.charAt(0) == '\t');
    }
  }

  /**
   * The input as lines: UTF-8 (a byte order mark skipped), split at CRLF, LF or a lone CR, each
   * line refused if it holds a control character; at most {@code maxLines}.
   */
  static List<Line> lines(byte[] input, int maxBytes, int maxLines, String what) {
    if (input.length > maxBytes) {
      throw new ModelException(
          what + " of " + input.length + " bytes is larger than the limit of " + maxBytes);
    }
    int skip =
        input.length >= 3
                && (input[0] & 0xFF) == 0xEF
                && (input[1] & 0xFF) == 0xBB
                && (input[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    String text = decode(input, skip);
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 1;
    while (start < text.length()) {
      int end = start;
      while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
        end++;
      }
      if (number > maxLines) {
        throw new ModelException(
            what + " has more lines than the limit of " + maxLines, number, -1, null);
      }
      String line = text.substring(start, end);
      int bad = SipText.badCharacter(line);
      if (bad >= 0) {
        throw new ModelException(
            "control character U+" + String.format("%04X", (int) line.charAt(bad)),
            number,
            bad + 1,
            null);
      }
      lines.add(new Line(number, line));
      number++;
      if (end < text.length()
          && text.charAt(end) == '\r'
          && end + 1 < text.length()
          && text.charAt(end + 1) == '\n') {
        end++;
      }
      start = end + 1;
    }
    return lines;
  }

  private static String decode(byte[] input, int skip) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(input, skip, input.length - skip);
    try {
      CharBuffer chars = decoder.decode(in);
      return chars.toString();
    } catch (CharacterCodingException e) {
      int at = in.position();
      throw new ModelException("bytes that are not UTF-8", lineOf(input, at), -1, null);
    }
  }

  /** The 1-based line of a byte offset, counting CRLF, LF and lone CR as line ends. */
  private static int lineOf(byte[] input, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < input.length; i++) {
      if (input[i] == '\n'
          || (input[i] == '\r' && (i + 1 >= input.length || input[i + 1] != '\n'))) {
        line++;
      }
    }
    return line;
  }
}
