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
 * A reference to an entry of another document, {@code <entry-ref ref="...">} (RFC 4826 section
 * 3.1): the relative HTTP URI, below the XCAP root, of the referenced {@code <entry>}. It cannot be
 * resolved from this document alone, so flattening reports it ({@link
 * ResourceLists#unresolvedReferences()}).
 *
 * <p>Thread-safe (immutable).
 */
@XmlType(propOrder = {"displayName", "extensionsDom"})
public final class EntryRef implements Reference {
  @XmlAttribute(name = "ref", required = true)
  private String ref;

  @XmlElement(name = "display-name")
  private LocalizedText displayName;

  @XmlTransient private List<AnyElement> extensions;

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  private EntryRef() {}

  private EntryRef(Builder b) {
    this.ref = Values.nonBlank(b.ref, "ref");
    this.displayName = b.displayName;
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A reference with only its URI. */
  public static EntryRef of(String ref) {
    return builder().ref(ref).build();
  }

  public Builder toBuilder() {
    Builder b = new Builder().ref(ref).displayName(displayName);
    b.extensions.addAll(extensions);
    b.otherAttributes.putAll(otherAttributes);
    return b;
  }

  /** The referenced entry's URI relative to the XCAP root, as written. */
  public String ref() {
    return ref;
  }

  /** The {@link #ref()}. */
  @Override
  public Optional<String> target() {
    return Optional.of(ref);
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
    Values.present(ref, "entry-ref ref");
    otherAttributes = immutable(otherAttributes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryRef other
        && ref.equals(other.ref)
        && Objects.equals(displayName, other.displayName)
        && extensions.equals(other.extensions)
        && otherAttributes.equals(other.otherAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, displayName, extensions, otherAttributes);
  }

  @Override
  public String toString() {
    return "EntryRef{ref="
        + ref
        + (displayName == null ? "" : ", display-name=" + displayName)
        + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes.isEmpty() ? "" : ", otherAttributes=" + otherAttributes)
        + "}";
  }

  /** Builds an {@link EntryRef}. Not thread-safe. */
  public static final class Builder {
    private String ref;
    private LocalizedText displayName;
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    private Builder() {}

    /** The referenced entry's URI relative to the XCAP root; not blank. */
    public Builder ref(String ref) {
      this.ref = Values.nonBlank(ref, "ref");
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

    public EntryRef build() {
      return new EntryRef(this);
    }
  }
}
