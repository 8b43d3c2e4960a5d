package org.sepapi.core.internal;

import java.util.List;
import java.util.Objects;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyCodec;
import org.sepapi.core.spi.BodyException;
import org.sepapi.model.AnyElement;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;

/**
 * The codec of an event package whose bodies are one XML document type of sep-model (reginfo,
 * dialog-info, PIDF): reads through the model's hardened {@link XmlCodec}, writes the document as
 * the body and as the one element an RLMI instance holds inline.
 *
 * <p>A body of another media type than the package's, or one the model refuses, is a {@link
 * BodyException} carrying the model's message (with line and column). The media type is compared
 * without case and parameters; a {@code charset} parameter is not consulted, the document's own
 * bytes (byte order mark, XML declaration) say how it is encoded.
 *
 * <p>Thread-safe (immutable; the model codec is thread-safe).
 *
 * @param <T> the document's root class
 */
public final class XmlBodyCodec<T> implements BodyCodec<T> {
  private final String packageName;
  private final String contentType;
  private final XmlCodec<T> codec;

  private XmlBodyCodec(String packageName, String contentType, XmlCodec<T> codec) {
    this.packageName = packageName;
    this.contentType = contentType;
    this.codec = codec;
  }

  /**
   * A codec of the package {@code packageName} for bodies of {@code contentType} bound to {@code
   * type}.
   */
  public static <T> XmlBodyCodec<T> of(String packageName, String contentType, Class<T> type) {
    return new XmlBodyCodec<>(
        Objects.requireNonNull(packageName, "packageName"),
        MediaTypes.of(contentType),
        XmlCodec.of(type));
  }

  /** The media type this codec reads and writes. */
  public String contentType() {
    return contentType;
  }

  @Override
  public T decode(Body body) {
    MediaTypes.require(packageName, body, List.of(contentType));
    try {
      return codec.decode(body.content());
    } catch (ModelException e) {
      throw new BodyException(e.getMessage(), e);
    }
  }

  @Override
  public Body encode(T state) {
    try {
      return Body.of(contentType, codec.encode(state));
    } catch (ModelException e) {
      throw new BodyException(e.getMessage(), e);
    }
  }

  @Override
  public List<AnyElement> inline(T state) {
    try {
      return List.of(codec.encodeToElement(state));
    } catch (ModelException e) {
      throw new BodyException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "XmlBodyCodec[" + packageName + ", " + contentType + "]";
  }
}
