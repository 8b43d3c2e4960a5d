package org.sepapi.model.internal;

import java.io.IOException;
import java.io.Writer;
import org.glassfish.jaxb.core.marshaller.CharacterEscapeHandler;

/**
 * Escaping that makes every string read back exactly as written: besides the markup characters,
 * tabs and line breaks in attribute values and carriage returns in text become character
 * references, which a reader does not normalise away.
 *
 * <p>Thread-safe (stateless).
 */
public final class XmlEscapes implements CharacterEscapeHandler {
  public static final XmlEscapes INSTANCE = new XmlEscapes();

  private XmlEscapes() {}

  @Override
  public void escape(char[] ch, int start, int length, boolean isAttVal, Writer out)
      throws IOException {
    int limit = start + length;
    int run = start;
    for (int i = start; i < limit; i++) {
      String replacement =
          switch (ch[i]) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> isAttVal ? "&quot;" : null;
            case '\t' -> isAttVal ? "&#9;" : null;
            case '\n' -> isAttVal ? "&#10;" : null;
            case '\r' -> "&#13;";
            default -> null;
          };
      if (replacement != null) {
        out.write(ch, run, i - run);
        out.write(replacement);
        run = i + 1;
      }
    }
    out.write(ch, run, limit - run);
  }
}
