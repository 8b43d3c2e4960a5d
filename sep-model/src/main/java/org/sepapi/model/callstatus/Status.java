package org.sepapi.model.callstatus;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.argumentNonNegative;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.nonNegative;
import static org.sepapi.model.internal.Checks.required;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.internal.Extensions;
import org.w3c.dom.Element;

/**
 * One {@code status} of a call status document: when it was seen (epoch milliseconds), the call's
 * Call-ID, the method of the transaction, and the status line, such as {@code SIP/2.0 180 Ringing}
 * of an INVITE response or the sipfrag status line of a REFER NOTIFY.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"timestamp", "callId", "method", "statusLine", "extensionsDom"})
public final class Status {
  @XmlElement(name = "timestamp", required = true)
  private Long timestamp;

  @XmlElement(name = "call-id", required = true)
  private String callId;

  @XmlElement(name = "method", required = true)
  private String method;

  @XmlElement(name = "status-line", required = true)
  private String statusLine;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Status() {}

  private Status(Builder b) {
    this.timestamp = argumentNonNegative(argument(b.timestamp, "timestamp"), "timestamp");
    this.callId = requiredText(b.callId, "callId");
    this.method = requiredText(b.method, "method");
    this.statusLine = requiredText(b.statusLine, "statusLine");
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this status's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b =
        new Builder().timestamp(timestamp).callId(callId).method(method).statusLine(statusLine);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
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

  /** Elements the document type does not define, kept as read. */
  public List<AnyElement> extensions() {
    return extensions;
  }

  /** Attributes the document type does not define, kept as read. */
  public Map<QName, String> otherAttributes() {
    return otherAttributes;
  }

  @XmlAnyElement
  @SuppressWarnings("unused") // called by JAXB
  private List<Element> getExtensionsDom() {
    return extensionsRead != null ? extensionsRead : Extensions.toDom(extensions);
  }

  @SuppressWarnings("unused") // called by JAXB
  private void setExtensionsDom(List<Element> dom) {
    extensionsRead = dom;
  }

  @SuppressWarnings("unused") // called by JAXB
  private void beforeUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensionsRead = new ArrayList<>();
  }

  @SuppressWarnings("unused") // called by JAXB
  private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
    extensions = Extensions.fromDom(extensionsRead);
    extensionsRead = null;
    nonNegative(required(timestamp, "status timestamp"), "status timestamp");
    required(callId, "status call-id");
    required(method, "status method");
    required(statusLine, "status status-line");
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other
        && timestamp.equals(other.timestamp)
        && callId.equals(other.callId)
        && method.equals(other.method)
        && statusLine.equals(other.statusLine)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestamp, callId, method, statusLine, extensions, otherAttributes);
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
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds a {@link Status}. Not thread-safe. */
  public static final class Builder {
    private Long timestamp;
    private String callId;
    private String method;
    private String statusLine;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

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

    public Builder addExtension(AnyElement extension) {
      extensions.add(argument(extension, "extension"));
      return this;
    }

    public Builder otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), argument(value, "value"));
      return this;
    }

    public Status build() {
      return new Status(this);
    }
  }
}
