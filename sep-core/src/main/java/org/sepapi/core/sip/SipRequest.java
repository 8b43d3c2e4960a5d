package org.sepapi.core.sip;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.internal.SipSyntax;
import org.sepapi.core.spi.Body;

/**
 * A SIP request: method, Request-URI, headers and body. Immutable and thread-safe. The method is
 * kept in upper case: RFC 3261 methods are case-sensitive, and every method sepapi sends or matches
 * is an upper-case one.
 */
public final class SipRequest implements SipMessage {
  private final String method;
  private final SipUri requestUri;
  private final SipHeaders headers;
  private final byte[] body;

  private SipRequest(String method, SipUri requestUri, SipHeaders headers, byte[] body) {
    this.method = method;
    this.requestUri = requestUri;
    this.headers = headers;
    this.body = body;
  }

  public static Builder builder(String method, SipUri requestUri) {
    return new Builder(method, requestUri);
  }

  public Builder toBuilder() {
    Builder builder = new Builder(method, requestUri);
    builder.lines.addAll(headers.all());
    builder.body = body;
    return builder;
  }

  /** The method, in upper case. */
  public String method() {
    return method;
  }

  public SipUri requestUri() {
    return requestUri;
  }

  @Override
  public SipHeaders headers() {
    return headers;
  }

  @Override
  public Optional<Body> body() {
    return MessageBuilder.body(headers, body);
  }

  /** The body's length in bytes, without copying it. */
  public int bodyLength() {
    return body.length;
  }

  /** The request with header {@code name} set to {@code value} (see {@link SipHeaders#with}). */
  public SipRequest withHeader(String name, String value) {
    return new SipRequest(method, requestUri, headers.with(name, value), body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipRequest other
        && method.equals(other.method)
        && requestUri.equals(other.requestUri)
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, requestUri, headers, Arrays.hashCode(body));
  }

  /** The request line and the headers, without the body. */
  @Override
  public String toString() {
    return method + " " + requestUri + " SIP/2.0\r\n" + headers;
  }

  /** Builds a {@link SipRequest}. Not thread-safe. */
  public static final class Builder extends MessageBuilder<Builder> {
    private final String method;
    private final SipUri requestUri;

    private Builder(String method, SipUri requestUri) {
      Objects.requireNonNull(method, "method");
      if (!SipSyntax.isToken(method)) {
        throw new IllegalArgumentException("a SIP method is a token: " + method);
      }
      this.method = method.toUpperCase(Locale.ROOT);
      this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
    }

    @Override
    Builder self() {
      return this;
    }

    public SipRequest build() {
      return new SipRequest(method, requestUri, builtHeaders(), body);
    }
  }
}
