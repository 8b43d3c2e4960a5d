package org.sepapi.model.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sepapi.model.ModelException;

/**
 * Turns a document's bytes into characters the way XML 1.0 appendix F says (byte order mark, then
 * the encoding declaration, else UTF-8), refusing bytes that are not valid in that encoding. The
 * parser then only ever sees characters, so a bad byte is our refusal with its offset, never the
 * parser's message on standard error.
 */
public final class XmlCharset {
  private static final Pattern DECLARED =
      Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

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

  private static Charset declared(byte[] document) {
    if (!startsWith(document, '<', '?', 'x', 'm', 'l')) {
      return StandardCharsets.UTF_8;
    }
    int end = Math.min(document.length, 256);
    String prolog = new String(document, 0, end, StandardCharsets.ISO_8859_1);
    Matcher m = DECLARED.matcher(prolog);
    if (!m.find()) {
      return StandardCharsets.UTF_8;
    }
    String name = m.group(1);
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
