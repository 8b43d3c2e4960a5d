package org.sepapi.model.multipart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One body part of a {@code multipart/related} body: its header fields, in order, and its content
 * as exact bytes. Header names are looked up ignoring case; values are kept unfolded and without
 * surrounding spaces and tabs.
 *
 * <p>Thread-safe (immutable; {@link #body()} hands out a copy).
 */
public final class BodyPart {
  private final List<Header> headers;
  private final byte[] body;

  /**
   * One header field of a part. Thread-safe (immutable).
   *
   * @param name the field name as written (RFC 5322: printable ASCII but ':')
   * @param value the unfolded value, without leading and trailing spaces and tabs; no control
   *     characters but tabs
   */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      String bad = Mime.badHeaderName(name);
      if (bad != null) {
        throw new IllegalArgumentException(bad);
      }
      value = Mime.trimWsp(value);
      bad = Mime.badValue(value, "header " + name);
      if (bad != null) {
        throw new IllegalArgumentException(bad);
      }
    }

    /** Whether this field has that name, ignoring case. */
    public boolean is(String headerName) {
      return name.equalsIgnoreCase(headerName);
    }

    @Override
    public String toString() {
      return name + ": " + value;
    }
  }

  /** A part made by the parser, which owns the arrays it passes. */
  BodyPart(List<Header> headers, byte[] body) {
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /** A part with only a Content-Type header. */
  public static BodyPart of(String contentType, byte[] body) {
    return builder().contentType(contentType).body(body).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this part's headers and content, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder().body(body);
    b.headers.addAll(headers);
    return b;
  }

  /** Every header field, in order. */
  public List<Header> headers() {
    return headers;
  }

  /** The value of the first header field of that name (ignoring case). */
  public Optional<String> header(String name) {
    for (Header header : headers) {
      if (header.is(name)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header field of that name (ignoring case), in order. */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (Header header : headers) {
      if (header.is(name)) {
        values.add(header.value());
      }
    }
    return List.copyOf(values);
  }

  /**
   * The Content-ID without its angle brackets, as an RLMI {@code cid} attribute names it (RFC
   * 2392).
   */
  public Optional<String> contentId() {
    return header("Content-ID").map(Mime::normalizeContentId);
  }

  /**
   * The Content-Type value as written, parameters included; absent when the part has none (RFC 2046
   * then means {@code text/plain; charset=us-ascii}).
   */
  public Optional<String> contentType() {
    return header("Content-Type");
  }

  /**
   * The media type of the Content-Type, lower case and without parameters (for example {@code
   * application/pidf+xml}); absent when the part has no Content-Type or it names no type.
   */
  public Optional<String> mediaType() {
    return contentType().map(Mime::mediaTypeOf);
  }

  /** A copy of the content: the exact bytes between the header section and the next delimiter. */
  public byte[] body() {
    return body.clone();
  }

  /** The content's length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** The content decoded as UTF-8 (malformed bytes replaced), for text parts. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BodyPart other
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "BodyPart{headers=" + headers + ", body=" + body.length + " bytes}";
  }

  /** Builds a {@link BodyPart}. Not thread-safe. */
  public static final class Builder {
    private final List<Header> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private Builder() {}

    /** Adds a header field after those already there. */
    public Builder header(String name, String value) {
      headers.add(new Header(name, value));
      return this;
    }

    /** Sets a header field: replaces the first of that name, drops the others, or adds it. */
    public Builder setHeader(String name, String value) {
      Header header = new Header(name, value);
      int first = -1;
      for (int i = 0; i < headers.size(); i++) {
        if (headers.get(i).is(name)) {
          first = first < 0 ? i : first;
        }
      }
      if (first < 0) {
        headers.add(header);
      } else {
        headers.set(first, header);
        for (int i = headers.size() - 1; i > first; i--) {
          if (headers.get(i).is(name)) {
            headers.remove(i);
          }
        }
      }
      return this;
    }

    /** Sets the Content-ID; angle brackets are added (the id may be given with or without). */
    public Builder contentId(String contentId) {
      Objects.requireNonNull(contentId, "contentId");
      String id = Mime.normalizeContentId(contentId);
      if (id.isEmpty()) {
        throw new IllegalArgumentException("an empty Content-ID");
      }
      return setHeader("Content-ID", "<" + id + ">");
    }

    /** Sets the Content-Type, for example {@code application/pidf+xml;charset="UTF-8"}. */
    public Builder contentType(String contentType) {
      return setHeader("Content-Type", Objects.requireNonNull(contentType, "contentType"));
    }

    /** The content, copied. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /** The content as UTF-8 text. */
    public Builder body(String text) {
      this.body = Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8);
      return this;
    }

    public BodyPart build() {
      return new BodyPart(headers, body.clone());
    }
  }
}
