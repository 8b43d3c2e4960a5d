package org.sepapi.core.internal;

import java.util.List;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyCodec;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.api.TextBody;

/**
 * The codec of a package the engine does not interpret: the state is the body itself, whatever its
 * type (the subscriber chose the types with its Accept list; the engine checks a NOTIFY against
 * that, not this codec). It never refuses a body.
 *
 * <p>Inline, an XML body (a media type ending in {@code +xml} or {@code /xml}) that the hardened
 * reader accepts stands as its own root element; any other body, or an XML body that does not
 * parse, stands as the SEP API's {@code <body type="...">} text element. That text is the body read
 * as UTF-8, with every character XML cannot carry (control characters, malformed bytes) replaced by
 * U+FFFD: a binary body is not carried faithfully inline, {@link #encode} gives its exact bytes.
 *
 * <p>Thread-safe (stateless).
 */
public final class PassThroughCodec implements BodyCodec<Body> {
  /** The one instance. */
  public static final PassThroughCodec INSTANCE = new PassThroughCodec();

  private PassThroughCodec() {}

  @Override
  public Body decode(Body body) {
    return body;
  }

  @Override
  public Body encode(Body state) {
    return state;
  }

  @Override
  public List<AnyElement> inline(Body state) {
    if (MediaTypes.isXml(state.mediaType())) {
      try {
        return List.of(AnyElement.parse(state.content()));
      } catch (ModelException e) {
        // not well-formed after all: carried as text below
      }
    }
    return List.of(new TextBody(xmlSafe(state.contentType()), xmlSafe(state.text())).toElement());
  }

  /** The text with every character XML 1.0 cannot carry replaced by U+FFFD. */
  static String xmlSafe(String text) {
    StringBuilder safe = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      boolean allowed =
          pair
              || c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD);
      if (!allowed && safe == null) {
        safe = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (safe != null) {
        if (pair) {
          safe.append(c).append(text.charAt(i + 1));
        } else {
          safe.append(allowed ? c : '\uFFFD');
        }
      }
      if (pair) {
        i++;
      }
    }
    return safe == null ? text : safe.toString();
  }

  @Override
  public String toString() {
    return "PassThroughCodec";
  }
}
