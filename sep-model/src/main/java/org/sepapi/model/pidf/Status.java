package org.sepapi.model.pidf;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.internal.Extensions;
import org.sepapi.model.internal.XmlEnumAdapter;
import org.w3c.dom.Element;

/**
 * A tuple's status, {@code <status>} (RFC 3863): the optional basic status, open or closed, and any
 * further status values of other namespaces, such as the RPID activities (RFC 4480) that clients
 * put here, kept as read.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"basic", "extensionsDom"})
public final class Status {
  /** The basic status of RFC 3863: whether the contact address can take communication. */
  public enum Basic {
    OPEN("open"),
    CLOSED("closed");

    private final String xml;

    Basic(String xml) {
      this.xml = xml;
    }

    /** The value as written in the document. */
    public String xml() {
      return xml;
    }

    static final class Adapter extends XmlEnumAdapter<Basic> {
      Adapter() {
        super("basic status", Basic.class, Basic::xml);
      }
    }
  }

  @XmlElement(name = "basic")
  @XmlJavaTypeAdapter(Basic.Adapter.class)
  private Basic basic;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Status() {}

  private Status(Builder b) {
    this.basic = b.basic;
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code <status><basic>open</basic></status>}. */
  public static Status open() {
    return builder().basic(Basic.OPEN).build();
  }

  /** {@code <status><basic>closed</basic></status>}. */
  public static Status closed() {
    return builder().basic(Basic.CLOSED).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().basic(basic);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The basic status, if the document gives one. */
  public Optional<Basic> basic() {
    return Optional.ofNullable(basic);
  }

  /** Status values of other namespaces after the basic status, kept as read. */
  public List<AnyElement> extensions() {
    return extensions;
  }

  /** Attributes the RFC does not define, kept as read. */
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
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other
        && basic == other.basic
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(basic, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "Status{"
        + (basic == null ? "no basic" : "basic=" + basic.xml())
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds a {@link Status}. Not thread-safe. */
  public static final class Builder {
    private Basic basic;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    /** The basic status, or null for none. */
    public Builder basic(Basic basic) {
      this.basic = basic;
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
