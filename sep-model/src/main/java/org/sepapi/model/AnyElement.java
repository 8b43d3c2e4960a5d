package org.sepapi.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * An element kept as it was read: its namespace-qualified name, attributes and children. Namespace
 * prefixes are not part of it; writing chooses its own.
 *
 * <p>Thread-safe (immutable).
 *
 * @param name the element's qualified name
 * @param attributes its attributes, in document order (namespace declarations excluded)
 * @param children its child elements and non-blank text, in document order
 */
public record AnyElement(QName name, Map<QName, String> attributes, List<AnyNode> children)
    implements AnyNode {

  public AnyElement {
    Objects.requireNonNull(name, "name");
    if (name.getLocalPart().isEmpty()) {
      throw new IllegalArgumentException("an element needs a local name");
    }
    for (Map.Entry<QName, String> attribute : attributes.entrySet()) {
      org.sepapi.model.internal.Checks.requiredText(
          attribute.getValue(), "attribute " + attribute.getKey());
    }
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    children = List.copyOf(children);
  }

  /**
   * Reads a whole document as an element tree, through the same hardened reader as {@link XmlCodec}
   * (no DTD, no entities, the limits enforced).
   *
   * @throws ModelException if the document is malformed, hostile or past a limit
   */
  public static AnyElement parse(byte[] document, XmlLimits limits) {
    return org.sepapi.model.internal.AnyElementXml.read(document, limits);
  }

  /** Reads a whole document with the default limits. */
  public static AnyElement parse(byte[] document) {
    return parse(document, XmlLimits.DEFAULT);
  }

  /** This element as a UTF-8 XML document. */
  public byte[] toXml() {
    return org.sepapi.model.internal.AnyElementXml.write(this)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** An element with no attributes that holds only text. */
  public static AnyElement text(QName name, String text) {
    return new AnyElement(name, Map.of(), List.of(new AnyText(text)));
  }

  /** The text directly inside this element, concatenated. */
  public String textContent() {
    StringBuilder text = new StringBuilder();
    for (AnyNode child : children) {
      if (child instanceof AnyText t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }

  /** The first child element of that name. */
  public Optional<AnyElement> child(QName childName) {
    for (AnyNode child : children) {
      if (child instanceof AnyElement e && e.name().equals(childName)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The child elements, without the text. */
  public List<AnyElement> childElements() {
    List<AnyElement> elements = new ArrayList<>();
    for (AnyNode child : children) {
      if (child instanceof AnyElement e) {
        elements.add(e);
      }
    }
    return elements;
  }
}
