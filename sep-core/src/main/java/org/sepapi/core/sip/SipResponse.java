package org.sepapi.core.sip;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sepapi.core.spi.Body;

/** A SIP response: status code, reason phrase, headers and body. Immutable and thread-safe. */
public final class SipResponse implements SipMessage {
  private final int status;
  private final String reason;
  private final SipHeaders headers;
  private final byte[] body;

  private SipResponse(int status, String reason, SipHeaders headers, byte[] body) {
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
  }

  /**
   * A response to {@code request} with the default reason phrase of {@code status}: its Via (all
   * lines, in order), From, To, Call-ID and CSeq copied as RFC 3261 section 8.2.6.2 says; its
   * Record-Route lines too when {@code status} is 101 to 299, the responses that can establish a
   * dialog (section 12.1.1); its Timestamp for a 100 (section 8.2.6.1). The To tag is left to the
   * caller ({@link Builder#toTag}): a UAS adds one to a response that creates a dialog.
   *
   * @throws IllegalArgumentException if {@code status} is not 100 to 699
   */
  private static final String[] COPIED = {
    "Via", "Record-Route", "From", "To", "Call-ID", "CSeq", "Timestamp"
  };

  public static Builder to(SipRequest request, int status) {
    Builder builder = new Builder(status, ReasonPhrases.of(status));
    boolean recordRoute = status > 100 && status < 300;
    boolean timestamp = status == 100;
    // the request's lines are copied as they are (already read and checked), by name in the
    // order RFC 3261 lists them: Via, Record-Route, From, To, Call-ID, CSeq, Timestamp
    List<SipHeaders.Header> lines = request.headers().all();
    for (String name : COPIED) {
      if ((name.equals("Record-Route") && !recordRoute)
          || (name.equals("Timestamp") && !timestamp)) {
        continue;
      }
      for (SipHeaders.Header line : lines) {
        if (line.name().equalsIgnoreCase(name)) {
          builder.lines.add(line);
        }
      }
    }
    return builder;
  }

  public static Builder builder(int status, String reason) {
    return new Builder(status, reason);
  }

  public Builder toBuilder() {
    Builder builder = new Builder(status, reason);
    builder.lines.addAll(headers.all());
    builder.body = body;
    return builder;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** 1xx. */
  public boolean isProvisional() {
    return status < 200;
  }

  /** 2xx. */
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The status line, {@code SIP/2.0 200 OK}. */
  public String statusLine() {
    return "SIP/2.0 " + status + " " + reason;
  }

  @Override
  public SipHeaders headers() {
    return headers;
  }

  @Override
  public Optional<Body> body() {
    return MessageBuilder.body(headers, body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipResponse other
        && status == other.status
        && reason.equals(other.reason)
        && headers.equals(other.headers)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, reason, headers, Arrays.hashCode(body));
  }

  /** The status line and the headers, without the body. */
  @Override
  public String toString() {
    return statusLine() + "\r\n" + headers;
  }

  /** Builds a {@link SipResponse}. Not thread-safe. */
  public static final class Builder extends MessageBuilder<Builder> {
    private final int status;
    private final String reason;

    private Builder(int status, String reason) {
      if (status < 100 || status > 699) {
        throw new IllegalArgumentException("a SIP status is 100 to 699: " + status);
      }
      Objects.requireNonNull(reason, "reason");
      if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a reason phrase has no line break");
      }
      this.status = status;
      this.reason = reason;
    }

    /**
     * Sets the To header's tag (a UAS answering a dialog-creating request does).
     *
     * @throws IllegalStateException if there is no To header
     * @throws SipParseException if the To header is malformed
     * @throws IllegalArgumentException if the tag holds a line break
     */
    public Builder toTag(String tag) {
      String to =
          SipHeaders.first(lines, "To")
              .orElseThrow(() -> new IllegalStateException("no To header to tag"));
      SipHeaders.set(lines, "To", NameAddr.parse(to).withTag(tag).toString());
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public SipResponse build() {
      return new SipResponse(status, reason, builtHeaders(), body);
    }
  }
}
