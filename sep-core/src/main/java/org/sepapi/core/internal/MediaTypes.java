package org.sepapi.core.internal;

import java.util.List;
import java.util.Locale;
import org.sepapi.core.spi.Body;
import org.sepapi.core.spi.BodyException;

/**
 * Media type checks shared by the codecs: a body's type against the types a package accepts,
 * ignoring case and parameters, with {@code type/*} and {@code *}{@code /*} ranges. Thread-safe
 * (stateless).
 */
public final class MediaTypes {
  private MediaTypes() {}

  /** The media type of a Content-Type value or Accept entry: lower case, without parameters. */
  public static String of(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code mediaType} falls within the Accept entry {@code range}. */
  public static boolean matches(String range, String mediaType) {
    String accepted = of(range);
    String type = of(mediaType);
    if (accepted.equals("*/*") || accepted.equals(type)) {
      return true;
    }
    if (accepted.endsWith("/*")) {
      String prefix = accepted.substring(0, accepted.length() - 1);
      return type.startsWith(prefix) && type.length() > prefix.length();
    }
    return false;
  }

  /** Whether any of the Accept entries admits {@code mediaType}. */
  public static boolean accepted(List<String> ranges, String mediaType) {
    for (String range : ranges) {
      if (matches(range, mediaType)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the media type is XML: {@code application/xml}, {@code text/xml} or {@code +xml}. */
  public static boolean isXml(String mediaType) {
    String type = of(mediaType);
    return type.endsWith("+xml") || type.endsWith("/xml");
  }

  /**
   * Refuses a body whose media type is none of {@code ranges}.
   *
   * @throws BodyException naming the package, the type found and the types it reads
   */
  public static void require(String packageName, Body body, List<String> ranges) {
    String type = body.mediaType();
    if (!accepted(ranges, type)) {
      throw new BodyException(
          "a "
              + packageName
              + " body is "
              + String.join(" or ", ranges)
              + ", not "
              + (type.isEmpty() ? "a body without a type" : quote(type)));
    }
  }

  /** A value for a message, shortened and with control characters escaped. */
  static String quote(String value) {
    StringBuilder s = new StringBuilder(Math.min(value.length(), 80) + 2).append('\'');
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    if (value.length() > 80) {
      s.append("...");
    }
    return s.append('\'').toString();
  }
}
