package org.sepapi.model.callstatus;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
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
 * A {@code status-lines} document, as sipXcallController answers a query for a call it set up: the
 * status lines of the responses and NOTIFYs it saw for the call, oldest first.
 *
 * <p>Thread-safe (immutable). Build one with {@link #builder()}; read and write one with {@code
 * XmlCodec.of(StatusLines.class)}.
 */
@XmlRootElement(name = "status-lines")
@XmlType(propOrder = {"statuses", "extensionsDom"})
public final class StatusLines {
  /** The call status namespace, {@value}. */
  public static final String NAMESPACE =
      "http://www.sipfoundry.org/sipX/schema/xml/call-status-00-00";

  /** The content type sipXcallController serves the document with, {@value}. */
  public static final String CONTENT_TYPE = "application/xml";

  @XmlElement(name = "status")
  private List<Status> statuses;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private StatusLines() {}

  private StatusLines(Builder b) {
    this.statuses = List.copyOf(b.statuses);
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this document's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.statuses.addAll(statuses);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The status lines, in document order (the order they were seen). */
  public List<Status> statuses() {
    return statuses;
  }

  /** The status lines of one call, in document order. */
  public List<Status> statuses(String callId) {
    List<Status> found = new ArrayList<>();
    for (Status status : statuses) {
      if (status.callId().equals(callId)) {
        found.add(status);
      }
    }
    return found;
  }

  /** Elements of other namespaces after the status lines, kept as read. */
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
    statuses = immutable(statuses);
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusLines other
        && statuses.equals(other.statuses)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(statuses, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "StatusLines{statuses="
        + statuses
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds a {@link StatusLines}. Not thread-safe. */
  public static final class Builder {
    private final List<Status> statuses = new ArrayList<>();
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder addStatus(Status status) {
      statuses.add(argument(status, "status"));
      return this;
    }

    public Builder statuses(List<Status> statuses) {
      this.statuses.clear();
      statuses.forEach(this::addStatus);
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

    public StatusLines build() {
      return new StatusLines(this);
    }
  }
}
