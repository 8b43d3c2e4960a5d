package org.sepapi.model.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.sepapi.model.ModelException;

/**
 * Turns a document's bytes into characters the way XML 1.0 appendix F says (byte order mark, then
 * the encoding declaration, else UTF-8), refusing bytes that are not valid in that encoding. The
 * parser then only ever sees characters, so a bad byte is our refusal with its offset, never the
 * parser's message on standard error.
 */
public final class XmlCharset {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

  private XmlCharset() {}

  /** The document as characters, without a byte order mark. */
  public static String decode(byte[] document) {
    int skip = 0;
    Charset charset;
    if (startsWith(document, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      skip = 3;
    } else if (startsWith(document, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (startsWith(document, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (startsWith(document, 0x00, 0x3C, 0x00, 0x3F)) {
      charset = StandardCharsets.UTF_16BE;
    } else if (startsWith(document, 0x3C, 0x00, 0x3F, 0x00)) {
      charset = StandardCharsets.UTF_16LE;
    } else {
      charset = declared(document);
      if (charset == StandardCharsets.UTF_8 && isAscii(document)) {
        // The common case, and ASCII is valid UTF-8: the JDK's fast path is exact here.
        return new String(document, StandardCharsets.ISO_8859_1);
      }
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(document, skip, document.length - skip);
    try {
      CharBuffer chars = decoder.decode(in);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ModelException(
          "bytes that are not valid " + charset.name() + " at byte offset " + in.position());
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static Charset declared(byte[] document) {
    String name = declaredName(document);
    if (name == null || name.equalsIgnoreCase("UTF-8")) {
      return StandardCharsets.UTF_8;
    }
    try {
      Charset charset = Charset.forName(name);
      if (!charset.canEncode() || charset.newEncoder().maxBytesPerChar() > 4) {
        throw new ModelException("unsupported encoding " + name);
      }
      return charset;
    } catch (IllegalArgumentException e) {
      throw new ModelException("unsupported encoding " + name);
    }
  }

  /** The encoding named by the XML declaration, or null when there is none. */
  private static String declaredName(byte[] document) {
    if (!startsWith(document, '<', '?', 'x', 'm', 'l')) {
      return null;
    }
    int end = 5;
    int limit = Math.min(document.length, 256);
    while (end + 1 < limit && !(document[end] == '?' && document[end + 1] == '>')) {
      end++;
    }
    String declaration = new String(document, 0, end, StandardCharsets.ISO_8859_1);
    int at = declaration.indexOf("encoding");
    if (at < 0) {
      return null;
    }
    at = skipSpaces(declaration, at + "encoding".length());
    if (at >= declaration.length() || declaration.charAt(at) != '=') {
      return null;
    }
    at = skipSpaces(declaration, at + 1);
    if (at >= declaration.length()) {
      return null;
    }
    char quote = declaration.charAt(at);
    int close = declaration.indexOf(quote, at + 1);
    if ((quote != '"' && quote != '\'') || close < 0) {
      return null;
    }
    String name = declaration.substring(at + 1, close);
    return NAME.matcher(name).matches() ? name : null;
  }

  private static int skipSpaces(String s, int at) {
    while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
