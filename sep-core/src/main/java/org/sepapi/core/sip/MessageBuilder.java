package org.sepapi.core.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.spi.Body;

/**
 * What the builders of requests and responses share: header lines collected in one list (a message
 * gets a dozen; copying the headers per line would cost a dozen copies) and a body. Not
 * thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class MessageBuilder<B extends MessageBuilder<B>> {
  final List<SipHeaders.Header> lines = new ArrayList<>(16);
  byte[] body = new byte[0];

  abstract B self();

  /** Adds a header line at the end. */
  public B header(String name, String value) {
    lines.add(new SipHeaders.Header(name, value));
    return self();
  }

  /** Sets a header, replacing every line of that name where the first stood (or at the end). */
  public B setHeader(String name, String value) {
    SipHeaders.set(lines, name, value);
    return self();
  }

  /** Replaces every header line. */
  public B headers(SipHeaders headers) {
    Objects.requireNonNull(headers, "headers");
    lines.clear();
    lines.addAll(headers.all());
    return self();
  }

  /** Sets the body and its Content-Type header. */
  public B body(Body body) {
    this.body = body.content();
    SipHeaders.set(lines, "Content-Type", body.contentType());
    return self();
  }

  /** A built message's body: none when it has neither bytes nor a Content-Type. */
  static Optional<Body> body(SipHeaders headers, byte[] body) {
    if (body.length == 0 && !headers.contains("Content-Type")) {
      return Optional.empty();
    }
    return Optional.of(
        Body.of(headers.first("Content-Type").orElse("application/octet-stream"), body));
  }

  SipHeaders builtHeaders() {
    return SipHeaders.copyOf(lines);
  }
}
