package org.sepapi.rest.internal;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.sepapi.model.api.ApiError;

/** The {@code <error>} answers of the API. Stateless. */
public final class Errors {
  /** The longest message an error document carries; input quoted beyond it is cut. */
  static final int MAX_MESSAGE = 500;

  private Errors() {}

  /** An answer with {@code status} and an {@code <error>} document saying {@code message}. */
  public static Response response(int status, String message) {
    return builder(status, message).build();
  }

  /** As {@link #response}, to add headers. */
  static Response.ResponseBuilder builder(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_XML_TYPE)
        .entity(ApiError.of(status, clean(message)));
  }

  /**
   * The message as an error document can carry it: characters XML 1.0 cannot hold replaced, at most
   * {@link #MAX_MESSAGE} characters, never blank.
   */
  static String clean(String message) {
    if (message == null || message.isBlank()) {
      return "error";
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 3));
    int i = 0;
    for (; i < message.length() && out.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < message.length()
          && Character.isLowSurrogate(message.charAt(i + 1))) {
        out.append(c).append(message.charAt(++i));
      } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)) {
        out.append(c);
      } else if (c >= 0xE000 && c <= 0xFFFD) {
        out.append(c);
      } else {
        out.append('\uFFFD');
      }
    }
    if (i < message.length()) {
      out.append("...");
    }
    return out.toString();
  }

  /** The message of a host's own refusal with {@code status}. */
  static String describe(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "authentication required";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 406 -> "not acceptable: the API answers with application/xml";
      case 413 -> "request body too large";
      case 415 -> "unsupported media type: the API reads application/xml";
      default -> {
        Response.Status known = Response.Status.fromStatusCode(status);
        yield known == null ? "error " + status : known.getReasonPhrase().toLowerCase(Locale.ROOT);
      }
    };
  }
}
