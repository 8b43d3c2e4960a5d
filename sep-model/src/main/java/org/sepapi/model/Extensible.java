package org.sepapi.model;

import static org.sepapi.model.internal.Checks.argument;
import static org.sepapi.model.internal.Checks.immutable;
import static org.sepapi.model.internal.Checks.requiredText;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.sepapi.model.internal.Extensions;
import org.w3c.dom.Element;

/**
 * An element that keeps what its RFC does not define: child elements of other namespaces (or names
 * the binding does not know) as {@link AnyElement}s, and attributes as {@link #otherAttributes()},
 * both written back after the element's own content. Real registrars and presence servers add both.
 *
 * <p>Thread-safe (immutable) in every subclass.
 */
@XmlTransient
public abstract class Extensible {
  @XmlTransient private List<AnyElement> extensions = List.of();

  /** What JAXB reads into the wildcard, only while this object is being read. */
  @XmlTransient private List<Element> extensionsRead;

  @XmlAnyAttribute private Map<QName, String> otherAttributes;

  /*
   * JAXB leaves xsi: attributes out of the attribute wildcard, and documents (the RFC 4235 and
   * RFC 3680 samples among them) carry xsi:schemaLocation: read here, moved into otherAttributes,
   * which writes them back.
   */
  @XmlAttribute(name = "schemaLocation", namespace = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI)
  private String schemaLocationRead;

  @XmlAttribute(
      name = "noNamespaceSchemaLocation",
      namespace = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI)
  private String noNamespaceSchemaLocationRead;

  /** For JAXB, which fills the fields while reading. */
  protected Extensible() {}

  /** For a builder. */
  protected Extensible(Builder<?> b) {
    this.extensions = List.copyOf(b.extensions);
    this.otherAttributes = immutable(b.otherAttributes);
  }

  /** Elements the RFC does not define, kept as read, in document order. */
  public final List<AnyElement> extensions() {
    return extensions;
  }

  /** Attributes the RFC does not define, kept as read, in document order. */
  public final Map<QName, String> otherAttributes() {
    return otherAttributes == null ? Map.of() : otherAttributes;
  }

  /** Copies the extensions into a builder, for {@code toBuilder()}. */
  protected final <B extends Builder<B>> B copyExtensionsTo(B b) {
    Builder<?> builder = b;
    builder.extensions.addAll(extensions);
    builder.otherAttributes.putAll(otherAttributes());
    return b;
  }

  /** Whether the other element keeps the same extensions; for {@code equals}. */
  protected final boolean sameExtensions(Extensible other) {
    return extensions.equals(other.extensions) && otherAttributes().equals(other.otherAttributes());
  }

  /** A hash of the extensions; for {@code hashCode}. */
  protected final int extensionsHash() {
    return Objects.hash(extensions, otherAttributes());
  }

  /** The extensions for {@code toString}: empty when there are none. */
  protected final String extensionsToString() {
    return (extensions.isEmpty() ? "" : ", extensions=" + extensions)
        + (otherAttributes().isEmpty() ? "" : ", otherAttributes=" + otherAttributes());
  }

  /**
   * Makes what JAXB read immutable. A subclass's {@code afterUnmarshal} must call it first (JAXB
   * calls only the most specific lifecycle method).
   */
  protected final void extensionsRead() {
    extensions = Extensions.fromDom(extensionsRead);
    extensionsRead = null;
    if (schemaLocationRead != null || noNamespaceSchemaLocationRead != null) {
      Map<QName, String> all = new LinkedHashMap<>();
      if (schemaLocationRead != null) {
        all.put(
            new QName(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "schemaLocation"),
            schemaLocationRead);
      }
      if (noNamespaceSchemaLocationRead != null) {
        all.put(
            new QName(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "noNamespaceSchemaLocation"),
            noNamespaceSchemaLocationRead);
      }
      if (otherAttributes != null) {
        all.putAll(otherAttributes);
      }
      otherAttributes = all;
      schemaLocationRead = null;
      noNamespaceSchemaLocationRead = null;
    }
    otherAttributes = immutable(otherAttributes);
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

  /**
   * What every builder of an {@link Extensible} element offers. Not thread-safe.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> {
    private final List<AnyElement> extensions = new ArrayList<>();
    private final Map<QName, String> otherAttributes = new LinkedHashMap<>();

    protected Builder() {}

    /** This builder, typed as itself. */
    protected abstract B self();

    public final B addExtension(AnyElement extension) {
      extensions.add(argument(extension, "extension"));
      return self();
    }

    public final B extensions(List<AnyElement> extensions) {
      this.extensions.clear();
      extensions.forEach(this::addExtension);
      return self();
    }

    public final B otherAttribute(QName name, String value) {
      otherAttributes.put(argument(name, "name"), requiredText(value, "value"));
      return self();
    }
  }
}
