package org.sepapi.model.sipfrag;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.sepapi.model.internal.SipText;

/**
 * A SIP message fragment, RFC 3420 {@code message/sipfrag}: an optional start line (a status line
 * such as {@code SIP/2.0 200 OK}, or a request line), headers in order, and an optional body after
 * a blank line. The body of every NOTIFY of a REFER subscription (RFC 3515) is one, starting with
 * the status line of the referred request's latest response: {@link #statusCode()}, {@link
 * #reasonPhrase()} and {@link #statusLine()} (as received) read it.
 *
 * <p>Reading ({@link #parse(byte[])}) is tolerant of LF or lone CR line ends, whitespace around
 * header colons, folded header lines (joined with one space), compact header names and a
 * whitespace-only line taken as the blank line. It refuses with a {@link
 * org.sepapi.model.ModelException} giving the line: a first line that is neither a start line nor a
 * header, a status code outside 100..699, a later line that is not a header, a header name that is
 * not a token, bytes that are not UTF-8 before the body, control characters, and input past the
 * size or line limit. The body is kept as bytes, whatever a Content-Length says. Writing ({@link
 * #encode()}) uses CRLF and writes the start line as it was read.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}.
 */
public final class SipFrag {
  /** The content type of a sipfrag body, {@value}. */
  public static final String CONTENT_TYPE = "message/sipfrag";

  /** The size past which {@link #parse(byte[])} refuses a fragment, {@value} bytes. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  /** The number of lines before the body past which {@link #parse(byte[])} refuses, {@value}. */
  public static final int DEFAULT_MAX_LINES = 1024;

  private static final byte[] CRLF = {'\r', '\n'};

  private final StartLine startLine;
  private final List<SipHeader> headers;
  private final byte[] body;

  private SipFrag(Builder b) {
    this.startLine = b.startLine;
    this.headers = List.copyOf(b.headers);
    this.body = b.body.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this fragment's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.startLine = startLine;
    b.headers.addAll(headers);
    b.body = body;
    return b;
  }

  /**
   * Reads a fragment with the default limits.
   *
   * @throws org.sepapi.model.ModelException when it is not a SIP fragment, with the line
   */
  public static SipFrag parse(byte[] fragment) {
    return parse(fragment, DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES);
  }

  /**
   * Reads a fragment of at most {@code maxBytes} bytes and {@code maxLines} lines before the body.
   *
   * @throws org.sepapi.model.ModelException when it is not a SIP fragment or is past a limit
   */
  public static SipFrag parse(byte[] fragment, int maxBytes, int maxLines) {
    Objects.requireNonNull(fragment, "fragment");
    return SipFragReader.read(fragment, maxBytes, maxLines);
  }

  /** Reads a fragment given as characters (its body is taken as UTF-8), with the default limits. */
  public static SipFrag parse(String fragment) {
    return parse(fragment.getBytes(StandardCharsets.UTF_8));
  }

  /** The start line as received (or as built), whether a status or a request line. */
  public Optional<String> startLine() {
    return startLine == null ? Optional.empty() : Optional.of(startLine.text());
  }

  /** Whether the fragment starts with a status line: it reports a response. */
  public boolean isResponse() {
    return startLine != null && startLine.isStatus();
  }

  /** Whether the fragment starts with a request line. */
  public boolean isRequest() {
    return startLine != null && !startLine.isStatus();
  }

  /** The status line as received, such as {@code SIP/2.0 180 Ringing}, when there is one. */
  public Optional<String> statusLine() {
    return isResponse() ? Optional.of(startLine.text()) : Optional.empty();
  }

  /** The status code of the status line, 100..699. */
  public OptionalInt statusCode() {
    return isResponse() ? OptionalInt.of(startLine.statusCode()) : OptionalInt.empty();
  }

  /** The reason phrase of the status line, possibly empty. */
  public Optional<String> reasonPhrase() {
    return isResponse() ? Optional.of(startLine.reasonPhrase()) : Optional.empty();
  }

  /** The SIP version of the start line, as written ({@code SIP/2.0}). */
  public Optional<String> sipVersion() {
    return startLine == null ? Optional.empty() : Optional.of(startLine.sipVersion());
  }

  /** The method of the request line. */
  public Optional<String> method() {
    return isRequest() ? Optional.of(startLine.method()) : Optional.empty();
  }

  /** The Request-URI of the request line. */
  public Optional<String> requestUri() {
    return isRequest() ? Optional.of(startLine.uri()) : Optional.empty();
  }

  /** The headers in the order written. */
  public List<SipHeader> headers() {
    return headers;
  }

  /**
   * The value of the first header of that name, matched in any case and by its full or compact form
   * ({@code header("Call-ID")} finds {@code i: ...}).
   */
  public Optional<String> header(String name) {
    for (SipHeader header : headers) {
      if (header.is(name)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every header of that name, in order (see {@link #header(String)}). */
  public List<String> headerValues(String name) {
    List<String> values = new ArrayList<>();
    for (SipHeader header : headers) {
      if (header.is(name)) {
        values.add(header.value());
      }
    }
    return values;
  }

  /** Whether the fragment has a body. */
  public boolean hasBody() {
    return body.length > 0;
  }

  /** A copy of the body's bytes; empty when there is none. */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8 (bytes that are not become U+FFFD). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The fragment as bytes: CRLF line ends, a blank line before the body when there is one. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + body.length);
    if (startLine != null) {
      out.writeBytes(startLine.text().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(CRLF);
    }
    for (SipHeader header : headers) {
      String line =
          header.value().isEmpty() ? header.name() + ":" : header.name() + ": " + header.value();
      out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(CRLF);
    }
    if (body.length > 0) {
      out.writeBytes(CRLF);
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipFrag other
        && Objects.equals(startLine().orElse(null), other.startLine().orElse(null))
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(startLine().orElse(null), headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "SipFrag{"
        + (startLine == null ? "" : "startLine=" + startLine.text() + ", ")
        + "headers="
        + headers
        + (body.length == 0 ? "" : ", body=" + body.length + " bytes")
        + "}";
  }

  /** Builds a {@link SipFrag}. Not thread-safe. */
  public static final class Builder {
    private StartLine startLine;
    private final List<SipHeader> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private Builder() {}

    /**
     * The start line as text, a status line or a request line, or null for none.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public Builder startLine(String line) {
      if (line == null) {
        this.startLine = null;
        return this;
      }
      SipText.lineText(line, "start line");
      if (line.isBlank() || StartLine.isHeaderLine(line)) {
        throw new IllegalArgumentException("not a start line: '" + SipText.abbreviate(line) + "'");
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new IllegalArgumentException("a start line cannot begin with whitespace");
      }
      this.startLine = StartLine.parse(line);
      return this;
    }

    /** The status line {@code SIP/2.0 code reason}. */
    public Builder statusLine(int code, String reasonPhrase) {
      if (code < 100 || code > 699) {
        throw new IllegalArgumentException("status code " + code + " is not between 100 and 699");
      }
      String reason =
          SipText.lineText(Objects.requireNonNull(reasonPhrase, "reasonPhrase"), "reason");
      return startLine("SIP/2.0 " + code + " " + reason.strip());
    }

    /** The request line {@code METHOD request-uri SIP/2.0}. */
    public Builder requestLine(String method, String requestUri) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(requestUri, "requestUri");
      if (!SipText.isToken(method)) {
        throw new IllegalArgumentException("not a method: '" + method + "'");
      }
      StartLine line = StartLine.parse(method + " " + requestUri + " SIP/2.0");
      if (!line.uri().equals(requestUri) || StartLine.isHeaderLine(line.text())) {
        throw new IllegalArgumentException("not a Request-URI: '" + requestUri + "'");
      }
      this.startLine = line;
      return this;
    }

    /** Adds a header. */
    public Builder addHeader(String name, String value) {
      return addHeader(SipHeader.of(name, value));
    }

    /** Adds a header. */
    public Builder addHeader(SipHeader header) {
      headers.add(Objects.requireNonNull(header, "header"));
      return this;
    }

    /** Replaces the headers. */
    public Builder headers(List<SipHeader> headers) {
      this.headers.clear();
      headers.forEach(this::addHeader);
      return this;
    }

    /** The body's bytes (copied); empty for none. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body").clone();
      return this;
    }

    /** The body as text, written as UTF-8. */
    public Builder body(String body) {
      return body(body.getBytes(StandardCharsets.UTF_8));
    }

    public SipFrag build() {
      return new SipFrag(this);
    }
  }
}
