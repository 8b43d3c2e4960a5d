package org.sepapi.model.resourcelists;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.text;

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
 * A whole list held elsewhere, {@code <external anchor="...">} (RFC 4826 section 3.1): the absolute
 * HTTP URI of that list, which the RFC's schema makes optional. It cannot be resolved from this
 * document alone, so flattening reports it ({@link ResourceLists#unresolvedReferences()}).
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class External implements Reference {
  @XmlAttribute(name = "anchor")
  private String anchor;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private External() {}

  private External(Builder b) {
    this.anchor = b.anchor;
    this.displayName = b.displayName;
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A reference to the list at that URI. */
  public static External of(String anchor) {
    return builder().anchor(anchor).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().anchor(anchor).displayName(displayName);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The absolute URI of the list, as written, if the document gives one. */
  public Optional<String> anchor() {
    return Optional.ofNullable(anchor);
  }

  /** The {@link #anchor()}. */
  @Override
  public Optional<String> target() {
    return anchor();
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
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof External other
        && Objects.equals(anchor, other.anchor)
        && Objects.equals(displayName, other.displayName)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(anchor, displayName, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "External{"
        + (anchor == null ? "no anchor" : "anchor=" + anchor)
        + (displayName == null ? "" : ", display-name=" + displayName)
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds an {@link External}. Not thread-safe. */
  public static final class Builder {
    private String anchor;
    private LocalizedText displayName;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    /** The absolute URI of the list, or null for none. */
    public Builder anchor(String anchor) {
      this.anchor = text(anchor, "anchor");
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

    public External build() {
      return new External(this);
    }
  }
}
