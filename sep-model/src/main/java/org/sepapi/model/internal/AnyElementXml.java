package org.sepapi.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyNode;
import org.sepapi.model.AnyText;
import org.sepapi.model.ModelException;
import org.sepapi.model.XmlLimits;

/**
 * Reads a whole document into an {@link AnyElement} through the hardened reader, and writes one
 * back as a document: elements in the default namespace of their own (so any subtree can be cut out
 * and pasted elsewhere), namespaced attributes with a prefix declared where used, and the escaping
 * of {@link XmlEscapes}.
 */
public final class AnyElementXml {
  private AnyElementXml() {}

  /** The root element of a document. */
  public static AnyElement read(byte[] document, XmlLimits limits) {
    XMLStreamReader reader = HardenedXmlReader.open(document, limits);
    try {
      while (reader.next() != XMLStreamConstants.START_ELEMENT) {
        // the prolog: comments, processing instructions, whitespace
      }
      AnyElement root = readElement(reader);
      while (reader.hasNext()) {
        reader.next(); // the epilogue, read so the parser checks it is well-formed
      }
      return root;
    } catch (XMLStreamException e) {
      throw HardenedXmlReader.toModelException(e);
    } catch (java.util.NoSuchElementException e) {
      throw new ModelException("a document needs a root element");
    } finally {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // nothing to release for an in-memory document
      }
    }
  }

  private static AnyElement readElement(XMLStreamReader reader) throws XMLStreamException {
    return readElement(reader, false);
  }

  /**
   * The element the reader stands on, read through its end tag, as JAXB's wildcard reads it into
   * DOM and {@link Extensions#toAnyElement} copies it: namespace declarations left out even where
   * the parser reports them as attributes (the JDK parser does for XML 1.1 documents).
   */
  static AnyElement readExtension(XMLStreamReader reader) throws XMLStreamException {
    return readElement(reader, true);
  }

  private static AnyElement readElement(XMLStreamReader reader, boolean dropDeclarations)
      throws XMLStreamException {
    QName name = new QName(nonNull(reader.getNamespaceURI()), reader.getLocalName());
    Map<QName, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < reader.getAttributeCount(); i++) {
      String namespace = nonNull(reader.getAttributeNamespace(i));
      String local = reader.getAttributeLocalName(i);
      if (dropDeclarations && isDeclaration(namespace, local)) {
        continue;
      }
      attributes.put(new QName(namespace, local), reader.getAttributeValue(i));
    }
    List<AnyNode> children = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    while (true) {
      switch (reader.next()) {
        case XMLStreamConstants.START_ELEMENT -> {
          flush(text, children);
          children.add(readElement(reader, dropDeclarations));
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        case XMLStreamConstants.END_ELEMENT -> {
          flush(text, children);
          return new AnyElement(name, attributes, withoutFormatting(children));
        }
        default -> {}
      }
    }
  }

  private static boolean isDeclaration(String namespace, String local) {
    return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)
        || (namespace.isEmpty()
            && (local.equals(XMLConstants.XMLNS_ATTRIBUTE) || local.startsWith("xmlns:")));
  }

  private static void flush(StringBuilder text, List<AnyNode> children) {
    if (!text.isEmpty()) {
      children.add(new AnyText(text.toString()));
    }
    text.setLength(0);
  }

  /**
   * The children without the whitespace between child elements, which is formatting. The text of an
   * element that holds only text is content, whitespace and all.
   */
  static List<AnyNode> withoutFormatting(List<AnyNode> children) {
    if (children.stream().noneMatch(AnyElement.class::isInstance)) {
      return children;
    }
    List<AnyNode> kept = new ArrayList<>(children.size());
    for (AnyNode child : children) {
      if (!(child instanceof AnyText t && t.text().isBlank())) {
        kept.add(child);
      }
    }
    return kept;
  }

  private static String nonNull(String namespace) {
    return namespace == null ? XMLConstants.NULL_NS_URI : namespace;
  }

  /** The element as a UTF-8 document's characters, with an XML declaration. */
  public static String write(AnyElement element) {
    StringBuilder out = new StringBuilder(256);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    write(element, XMLConstants.NULL_NS_URI, out);
    return out.toString();
  }

  private static void write(AnyElement element, String defaultNamespace, StringBuilder out) {
    String namespace = element.name().getNamespaceURI();
    out.append('<').append(element.name().getLocalPart());
    if (!namespace.equals(defaultNamespace)) {
      out.append(" xmlns=\"");
      escape(namespace, true, out);
      out.append('"');
    }
    Map<String, String> prefixes = new LinkedHashMap<>();
    for (Map.Entry<QName, String> attribute : element.attributes().entrySet()) {
      QName name = attribute.getKey();
      out.append(' ');
      String attributeNamespace = name.getNamespaceURI();
      if (XMLConstants.XML_NS_URI.equals(attributeNamespace)) {
        out.append("xml:");
      } else if (!attributeNamespace.isEmpty()) {
        String prefix = prefixes.get(attributeNamespace);
        if (prefix == null) {
          prefix = "a" + prefixes.size();
          prefixes.put(attributeNamespace, prefix);
          out.append("xmlns:").append(prefix).append("=\"");
          escape(attributeNamespace, true, out);
          out.append("\" ");
        }
        out.append(prefix).append(':');
      }
      out.append(name.getLocalPart()).append("=\"");
      escape(attribute.getValue(), true, out);
      out.append('"');
    }
    if (element.children().isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>');
    for (AnyNode child : element.children()) {
      if (child instanceof AnyElement e) {
        write(e, namespace, out);
      } else if (child instanceof AnyText t) {
        escape(t.text(), false, out);
      }
    }
    out.append("</").append(element.name().getLocalPart()).append('>');
  }

  private static void escape(String value, boolean attribute, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
  }
}
