package org.sepapi.model.callstatus;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.time.Instant;
import java.util.Objects;
import org.sepapi.model.Extensible;

/**
 * One {@code status} of a call status document: when it was seen (epoch milliseconds), the call's
 * Call-ID, the method of the transaction, and the status line, such as {@code SIP/2.0 180 Ringing}
 * of an INVITE response or the sipfrag status line of a REFER NOTIFY.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"timestamp", "callId", "method", "statusLine", "extensionsDom"})
public final class Status extends Extensible {
  @XmlElement(name = "timestamp", required = true)
  private Long timestamp;

  @XmlElement(name = "call-id", required = true)
  private String callId;

  @XmlElement(name = "method", required = true)
  private String method;

  @XmlElement(name = "status-line", required = true)
  private String statusLine;

  private Status() {}

  private Status(Builder b) {
    super(b);
    this.timestamp = argumentNonNegative(argument(b.timestamp, "timestamp"), "timestamp");
    this.callId = requiredText(b.callId, "callId");
    this.method = requiredText(b.method, "method");
    this.statusLine = requiredText(b.statusLine, "statusLine");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this status's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder().timestamp(timestamp).callId(callId).method(method).statusLine(statusLine);
    return copyExtensionsTo(b);
  }

  /** When the status line was seen, in milliseconds since the epoch. */
  public long timestamp() {
    return timestamp;
  }

  /** {@link #timestamp()} as an instant. */
  public Instant time() {
    return Instant.ofEpochMilli(timestamp);
  }

  /** The Call-ID of the call. */
  public String callId() {
    return callId;
  }

  /** The method of the transaction the status line answers, such as INVITE or REFER. */
  public String method() {
    return method;
  }

  /** The status line, as recorded. */
  public String statusLine() {
    return statusLine;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead();
    nonNegative(required(timestamp, "status timestamp"), "status timestamp");
    required(callId, "status call-id");
    required(method, "status method");
    required(statusLine, "status status-line");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other
        && timestamp.equals(other.timestamp)
        && callId.equals(other.callId)
        && method.equals(other.method)
        && statusLine.equals(other.statusLine)
        && sameExtensions(other);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestamp, callId, method, statusLine, extensionsHash());
  }

  @Override
  public String toString() {
    return "Status{timestamp="
        + timestamp
        + ", callId="
        + callId
        + ", method="
        + method
        + ", statusLine="
        + statusLine
        + extensionsToString()
        + "}";
  }

  /** Builds a {@link Status}. Not thread-safe. */
  public static final class Builder extends Extensible.Builder<Builder> {
    private Long timestamp;
    private String callId;
    private String method;
    private String statusLine;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** When the status line was seen, in milliseconds since the epoch; required. */
    public Builder timestamp(long epochMillis) {
      this.timestamp = epochMillis;
      return this;
    }

    /** When the status line was seen. */
    public Builder time(Instant time) {
      return timestamp(argument(time, "time").toEpochMilli());
    }

    public Builder callId(String callId) {
      this.callId = requiredText(callId, "callId");
      return this;
    }

    public Builder method(String method) {
      this.method = requiredText(method, "method");
      return this;
    }

    public Builder statusLine(String statusLine) {
      this.statusLine = requiredText(statusLine, "statusLine");
      return this;
    }

    public Status build() {
      return new Status(this);
    }
  }
}
