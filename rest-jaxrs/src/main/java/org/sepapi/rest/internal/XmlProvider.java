package org.sepapi.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.XmlLimits;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.api.Subscribe;
import org.sepapi.model.api.Subscription;
import org.sepapi.model.api.Subscriptions;

/**
 * Reads and writes the SEP API's documents ({@code <subscribe>}, {@code <subscription>}, {@code
 * <subscriptions>}, {@code <error>}) with sep-model's hardened codecs, never with a host's own XML
 * binding. A body is kept to at most the configured bound, and one past it refused with {@code
 * 413}; a malformed, hostile or invalid document is refused with {@code 400} saying where.
 * Thread-safe (immutable).
 *
 * <p>An oversized body is read on and thrown away up to the bound once more (Tomcat's "swallow"),
 * so that a client that sends its whole body before reading the answer (most do) gets the 413
 * rather than a connection reset; a body declared larger still is refused before any of it is read,
 * and the host closes the connection.
 */
@Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
@Produces({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
public final class XmlProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
  private final int maxBytes;
  private final Map<Class<?>, XmlCodec<?>> codecs;

  public XmlProvider(int maxBytes) {
    this.maxBytes = maxBytes;
    XmlLimits limits = XmlLimits.DEFAULT.withMaxBytes(maxBytes);
    this.codecs =
        Map.of(
            Subscribe.class, XmlCodec.of(Subscribe.class, limits),
            Subscription.class, XmlCodec.of(Subscription.class, limits),
            Subscriptions.class, XmlCodec.of(Subscriptions.class, limits),
            ApiError.class, XmlCodec.of(ApiError.class, limits));
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return codecs.containsKey(type);
  }

  @Override
  public Object readFrom(
      Class<Object> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream) {
    long declared = contentLength(httpHeaders);
    if (declared > 2L * maxBytes) {
      throw tooLarge();
    }
    byte[] body;
    try {
      body = entityStream.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        discard(entityStream, maxBytes);
        throw tooLarge();
      }
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read");
    }
    if (body.length == 0) {
      throw ApiException.badRequest("the request has no body: send a <subscribe> document");
    }
    try {
      return codecs.get(type).decode(body);
    } catch (ModelException e) {
      throw ApiException.badRequest("malformed or invalid XML: " + e.getMessage());
    }
  }

  /** Reads and drops up to {@code max} bytes of what is left of a body. */
  private static void discard(InputStream in, long max) throws IOException {
    byte[] buffer = new byte[8192];
    long left = max;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        return;
      }
      left -= n;
    }
  }

  private ApiException tooLarge() {
    return new ApiException(413, "the request body is larger than " + maxBytes + " bytes");
  }

  /** The declared Content-Length, or -1 when there is none or it is not a number. */
  private static long contentLength(MultivaluedMap<String, String> headers) {
    String value = headers == null ? null : headers.getFirst(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return codecs.containsKey(type);
  }

  @Override
  public void writeTo(
      Object document,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream entityStream)
      throws IOException {
    entityStream.write(encode(codecs.get(document.getClass()), document));
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encode(XmlCodec<T> codec, Object document) {
    return codec.encode((T) document);
  }
}
