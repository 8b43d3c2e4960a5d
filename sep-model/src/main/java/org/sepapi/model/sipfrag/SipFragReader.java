package org.sepapi.model.sipfrag;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sepapi.model.ModelException;
import org.sepapi.model.internal.SipText;

/** Reads the text of RFC 3420 section 2 into a {@link SipFrag}. */
final class SipFragReader {
  private SipFragReader() {}

  static SipFrag read(byte[] input, int maxBytes, int maxLines) {
    if (input.length > maxBytes) {
      throw new ModelException(
          "sipfrag of " + input.length + " bytes is larger than the limit of " + maxBytes);
    }
    SipFrag.Builder frag = SipFrag.builder();
    int p = 0;
    int number = 0;
    String name = null;
    StringBuilder value = null;
    boolean first = true;
    while (p < input.length) {
      int end = p;
      while (end < input.length && input[end] != '\r' && input[end] != '\n') {
        end++;
      }
      number++;
      if (number > maxLines) {
        throw new ModelException(
            "sipfrag has more header lines than the limit of " + maxLines, number, -1, null);
      }
      String line = decode(input, p, end, number);
      int bad = SipText.badCharacter(line);
      if (bad >= 0) {
        throw new ModelException(
            "control character U+" + String.format("%04X", (int) line.charAt(bad)),
            number,
            bad + 1,
            null);
      }
      p = end;
      if (end < input.length) {
        p =
            input[end] == '\r' && end + 1 < input.length && input[end + 1] == '\n'
                ? end + 2
                : end + 1;
      }
      if (line.isBlank()) {
        // The blank line: what follows is the body, as bytes.
        frag.body(Arrays.copyOfRange(input, p, input.length));
        break;
      }
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation) {
        if (value == null) {
          throw new ModelException(
              first ? "a folded line with no header line before it" : "a start line cannot fold",
              number,
              1,
              null);
        }
        value.append(' ').append(line.strip());
        continue;
      }
      flush(frag, name, value);
      name = null;
      value = null;
      if (first && !StartLine.isHeaderLine(line)) {
        try {
          frag.startLine(line);
        } catch (IllegalArgumentException e) {
          throw new ModelException(e.getMessage(), number, 1, null);
        }
      } else if (StartLine.isHeaderLine(line)) {
        int colon = line.indexOf(':');
        name = line.substring(0, colon).stripTrailing();
        value = new StringBuilder(line.substring(colon + 1));
      } else {
        throw new ModelException(
            "expected a header 'name: value', found '" + SipText.abbreviate(line) + "'",
            number,
            1,
            null);
      }
      first = false;
    }
    flush(frag, name, value);
    return frag.build();
  }

  private static void flush(SipFrag.Builder frag, String name, StringBuilder value) {
    if (name != null) {
      frag.addHeader(name, value.toString());
    }
  }

  private static String decode(byte[] input, int from, int to, int line) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(input, from, to - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ModelException("bytes that are not UTF-8", line, -1, null);
    }
  }
}
