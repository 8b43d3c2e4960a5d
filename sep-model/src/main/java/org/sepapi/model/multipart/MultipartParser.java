package org.sepapi.model.multipart;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sepapi.model.ModelException;

/**
 * Splits a multipart body on its boundary as RFC 2046 section 5.1.1 says: a delimiter is a line
 * that starts with {@code --boundary}, followed by optional spaces and tabs (transport padding) and
 * the line end; the close delimiter has {@code --} after the boundary. The line break before a
 * delimiter belongs to it, not to the part. Line ends are CRLF, a bare LF is accepted too. A line
 * that starts with {@code --boundary} but goes on with other characters is content, not a
 * delimiter. Everything before the first delimiter (the preamble) and after the close delimiter
 * (the epilogue) is ignored.
 *
 * <p>One pass over the body, each byte looked at a bounded number of times: no input can make it
 * hang or grow past the limits.
 */
final class MultipartParser {
  private MultipartParser() {}

  /** Where a delimiter line starts, where the line after it starts, and whether it closes. */
  private record Delimiter(int start, int after, boolean close) {}

  static List<BodyPart> split(byte[] body, String boundary, MultipartLimits limits) {
    byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    Delimiter first = next(body, 0, dash);
    if (first == null) {
      throw new ModelException("no delimiter line --" + boundary + " in the body");
    }
    if (first.close()) {
      throw new ModelException("the body has no part: its first delimiter is the closing one");
    }
    List<BodyPart> parts = new ArrayList<>();
    int from = first.after();
    while (true) {
      Delimiter next = next(body, from, dash);
      if (next == null) {
        throw new ModelException(
            "the closing delimiter --"
                + boundary
                + "-- is missing after part "
                + (parts.size() + 1));
      }
      if (parts.size() == limits.maxParts()) {
        throw new ModelException("more body parts than the limit of " + limits.maxParts());
      }
      int end = next.start();
      if (end - 2 >= from && body[end - 2] == '\r' && body[end - 1] == '\n') {
        end -= 2;
      } else if (end - 1 >= from && body[end - 1] == '\n') {
        end -= 1;
      }
      parts.add(part(body, from, end, parts.size() + 1, limits));
      if (next.close()) {
        return parts;
      }
      from = next.after();
    }
  }

  /** The first delimiter line at a line start at or after {@code from} (itself a line start). */
  private static Delimiter next(byte[] b, int from, byte[] dash) {
    int i = from;
    while (i < b.length) {
      if (startsWith(b, i, dash)) {
        Delimiter delimiter = delimiterAt(b, i, dash.length);
        if (delimiter != null) {
          return delimiter;
        }
      }
      int newline = indexOf(b, (byte) '\n', i, b.length);
      if (newline < 0) {
        return null;
      }
      i = newline + 1;
    }
    return null;
  }

  private static Delimiter delimiterAt(byte[] b, int start, int dashLength) {
    int j = start + dashLength;
    boolean close = false;
    if (j + 1 < b.length && b[j] == '-' && b[j + 1] == '-') {
      close = true;
      j += 2;
    }
    while (j < b.length && (b[j] == ' ' || b[j] == '\t')) {
      j++;
    }
    if (j == b.length) {
      return new Delimiter(start, j, close);
    }
    if (b[j] == '\n') {
      return new Delimiter(start, j + 1, close);
    }
    if (b[j] == '\r' && j + 1 < b.length && b[j + 1] == '\n') {
      return new Delimiter(start, j + 2, close);
    }
    return null; // "--boundary" followed by other characters: content
  }

  /** One part: header lines up to the first empty line, then the content. */
  private static BodyPart part(byte[] b, int from, int to, int number, MultipartLimits limits) {
    List<BodyPart.Header> headers = new ArrayList<>();
    String name = null;
    StringBuilder value = null;
    int i = from;
    while (true) {
      int newline = indexOf(b, (byte) '\n', i, to);
      if (newline < 0) {
        throw new ModelException("part " + number + ": no empty line ends its header section");
      }
      if (newline + 1 - from > limits.maxHeaderBytes()) {
        throw new ModelException(
            "part "
                + number
                + ": header section longer than the limit of "
                + limits.maxHeaderBytes()
                + " bytes");
      }
      int lineEnd = newline > i && b[newline - 1] == '\r' ? newline - 1 : newline;
      if (lineEnd == i) { // the empty line
        if (name != null) {
          headers.add(header(name, value.toString(), number));
        }
        byte[] content = new byte[to - (newline + 1)];
        System.arraycopy(b, newline + 1, content, 0, content.length);
        return new BodyPart(headers, content);
      }
      String line = utf8(b, i, lineEnd, number);
      if (Mime.isWsp(line.charAt(0))) { // a folded line continues the field before it
        if (name == null) {
          throw new ModelException("part " + number + ": its first header line is indented");
        }
        value.append(line);
      } else {
        if (name != null) {
          headers.add(header(name, value.toString(), number));
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
          throw new ModelException(
              "part " + number + ": header line without a colon: " + abbreviate(line));
        }
        name = Mime.trimWsp(line.substring(0, colon));
        String bad = Mime.badHeaderName(name);
        if (bad != null) {
          throw new ModelException("part " + number + ": " + bad);
        }
        value = new StringBuilder(line.substring(colon + 1));
      }
      i = newline + 1;
    }
  }

  private static BodyPart.Header header(String name, String value, int number) {
    String bad = Mime.badValue(value, "header " + name);
    if (bad != null) {
      throw new ModelException("part " + number + ": " + bad);
    }
    return new BodyPart.Header(name, value);
  }

  private static String utf8(byte[] b, int from, int to, int number) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModelException("part " + number + ": a header line that is not UTF-8");
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 60 ? line : line.substring(0, 60) + "...";
  }

  static boolean startsWith(byte[] b, int at, byte[] prefix) {
    if (at + prefix.length > b.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(byte[] b, byte value, int from, int to) {
    for (int k = from; k < to; k++) {
      if (b[k] == value) {
        return k;
      }
    }
    return -1;
  }

  /** Whether {@code needle} occurs anywhere in {@code b}. */
  static boolean contains(byte[] b, byte[] needle) {
    for (int k = 0; k + needle.length <= b.length; k++) {
      if (startsWith(b, k, needle)) {
        return true;
      }
    }
    return false;
  }
}
