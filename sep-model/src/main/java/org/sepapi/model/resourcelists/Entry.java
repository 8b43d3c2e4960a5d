package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.sepapi.model.AnyElement;
import org.sepapi.model.LocalizedText;
import org.sepapi.model.internal.Extensions;
import org.w3c.dom.Element;

/**
 * A resource of a list, {@code <entry uri="...">} (RFC 4826 section 3.1): its URI, typically a SIP
 * URI to subscribe to, and an optional display name.
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class Entry implements ListItem {
  @XmlAttribute(name = "uri", required = true)
  private String uri;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private Entry() {}

  private Entry(Builder b) {
    this.uri = Values.nonBlank(b.uri, "uri");
    this.displayName = b.displayName;
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An entry with only a URI. */
  public static Entry of(String uri) {
    return builder().uri(uri).build();
  }

  /** An entry with a URI and a display name without a language. */
  public static Entry of(String uri, String displayName) {
    return builder().uri(uri).displayName(LocalizedText.of(displayName)).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().uri(uri).displayName(displayName);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The resource's URI, as written. */
  public String uri() {
    return uri;
  }

  @Override
  public Optional<LocalizedText> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** Elements of other namespaces after the display name, kept as read. */
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
    Values.present(uri, "entry uri");
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry other
        && uri.equals(other.uri)
        && Objects.equals(displayName, other.displayName)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, displayName, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "Entry{uri="
        + uri
        + (displayName == null ? "" : ", display-name=" + displayName)
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds an {@link Entry}. Not thread-safe. */
  public static final class Builder {
    private String uri;
    private LocalizedText displayName;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    /** The resource's URI; not blank. */
    public Builder uri(String uri) {
      this.uri = Values.nonBlank(uri, "uri");
      return this;
    }

    /** The display name, or null for none. */
    public Builder displayName(LocalizedText displayName) {
      this.displayName = displayName;
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

    public Entry build() {
      return new Entry(this);
    }
  }
}
