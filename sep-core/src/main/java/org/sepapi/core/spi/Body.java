package org.sepapi.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A message body as the engine sees it: its Content-Type header value and its bytes. The engine
 * never parses a body itself; it hands it to the {@link BodyCodec} of the event package. Immutable:
 * the bytes are copied in and out.
 */
public final class Body {
  private final String contentType;
  private final byte[] content;

  private Body(String contentType, byte[] content) {
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.content = content;
  }

  /** A body of {@code content} with the Content-Type header value {@code contentType}. */
  public static Body of(String contentType, byte[] content) {
    return new Body(contentType.strip(), content.clone());
  }

  /** A UTF-8 text body. */
  public static Body of(String contentType, String text) {
    return new Body(contentType.strip(), text.getBytes(StandardCharsets.UTF_8));
  }

  /** The whole Content-Type header value, parameters included. */
  public String contentType() {
    return contentType;
  }

  /** The media type alone, lower case: {@code application/reginfo+xml}. */
  public String mediaType() {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** A copy of the bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** How many bytes. */
  public int length() {
    return content.length;
  }

  /** The bytes as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Body other
        && contentType.equals(other.contentType)
        && Arrays.equals(content, other.content);
  }

  @Override
  public int hashCode() {
    return 31 * contentType.hashCode() + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "Body[" + contentType + ", " + content.length + " bytes]";
  }
}
