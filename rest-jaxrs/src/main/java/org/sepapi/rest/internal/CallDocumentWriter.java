package org.sepapi.rest.internal;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.sepapi.model.XmlCodec;
import org.sepapi.model.api.ApiError;
import org.sepapi.model.callstatus.StatusLines;

/**
 * Writes the call controller's documents, {@code <status-lines>} and {@code <error>}, with
 * sep-model's codecs (which escape every text). It reads nothing: the call controller's requests
 * carry no body. A class of its own rather than {@link XmlProvider}, so that an application that
 * registers both APIs keeps the SEP feature's reader with its bound (a host keeps only the first
 * instance of a provider class). Thread-safe (immutable).
 */
@Produces({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
public final class CallDocumentWriter implements MessageBodyWriter<Object> {
  private static final XmlCodec<StatusLines> STATUS_LINES = XmlCodec.of(StatusLines.class);
  private static final XmlCodec<ApiError> ERRORS = XmlCodec.of(ApiError.class);

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == StatusLines.class || type == ApiError.class;
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
    entityStream.write(
        document instanceof StatusLines lines
            ? STATUS_LINES.encode(lines)
            : ERRORS.encode((ApiError) document));
  }
}
