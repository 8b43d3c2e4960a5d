package org.sepapi.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.sepapi.model.AnyElement;
import org.sepapi.model.AnyNode;
import org.sepapi.model.AnyText;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Turns the DOM elements JAXB reads for an {@code @XmlAnyElement} property into immutable {@link
 * AnyElement}s and back, so that extensions of real notifiers are kept and written back while the
 * bindings stay immutable. A binding exposes a private getter/setter pair over its {@code
 * List<AnyElement>} field:
 *
 * <pre>{@code
 * @XmlAnyElement
 * private List<Element> getExtensionsDom() { return Extensions.toDom(extensions); }
 * private void setExtensionsDom(List<Element> dom) { extensions = Extensions.fromDom(dom); }
 * }</pre>
 *
 * <p>Thread-safe (stateless; each call builds its own DOM).
 */
public final class Extensions {
  private static final DocumentBuilderFactory DOCUMENTS = newDocumentFactory();

  private Extensions() {}

  /** DOM copies of the elements, for JAXB to write; a new mutable list each call. */
  public static List<Element> toDom(List<AnyElement> elements) {
    List<Element> dom = new ArrayList<>(elements == null ? 0 : elements.size());
    if (elements == null || elements.isEmpty()) {
      return dom;
    }
    Document document = newDocument();
    for (AnyElement element : elements) {
      dom.add(toDom(document, element));
    }
    return dom;
  }

  /** Immutable elements from what JAXB read; null is none. */
  public static List<AnyElement> fromDom(List<?> dom) {
    if (dom == null || dom.isEmpty()) {
      return List.of();
    }
    List<AnyElement> elements = new ArrayList<>(dom.size());
    for (Object node : dom) {
      if (node instanceof Element element) {
        elements.add(toAnyElement(element));
      }
    }
    return List.copyOf(elements);
  }

  /** An immutable copy of a DOM element. */
  public static AnyElement toAnyElement(Element element) {
    Map<QName, String> attributes = new LinkedHashMap<>();
    NamedNodeMap domAttributes = element.getAttributes();
    for (int i = 0; i < domAttributes.getLength(); i++) {
      Attr attribute = (Attr) domAttributes.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
          || (attribute.getNamespaceURI() == null
              && (attribute.getName().equals("xmlns")
                  || attribute.getName().startsWith("xmlns:")))) {
        continue;
      }
      attributes.put(qname(attribute), attribute.getValue());
    }
    List<AnyNode> children = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      switch (child.getNodeType()) {
        case Node.ELEMENT_NODE -> {
          flushText(text, children);
          children.add(toAnyElement((Element) child));
        }
        case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(child.getNodeValue());
        default -> {}
      }
    }
    flushText(text, children);
    return new AnyElement(qname(element), attributes, AnyElementXml.withoutFormatting(children));
  }

  private static void flushText(StringBuilder text, List<AnyNode> children) {
    if (!text.isEmpty()) {
      children.add(new AnyText(text.toString()));
    }
    text.setLength(0);
  }

  private static QName qname(Node node) {
    String namespace = node.getNamespaceURI();
    String local = node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    return new QName(namespace == null ? XMLConstants.NULL_NS_URI : namespace, local);
  }

  private static Element toDom(Document document, AnyElement element) {
    QName name = element.name();
    Element dom =
        document.createElementNS(emptyToNull(name.getNamespaceURI()), name.getLocalPart());
    for (Map.Entry<QName, String> attribute : element.attributes().entrySet()) {
      QName attributeName = attribute.getKey();
      String namespace = emptyToNull(attributeName.getNamespaceURI());
      if (namespace == null) {
        dom.setAttributeNS(null, attributeName.getLocalPart(), attribute.getValue());
      } else {
        String prefix =
            XMLConstants.XML_NS_URI.equals(namespace) ? "xml" : prefixFor(dom, namespace);
        dom.setAttributeNS(
            namespace, prefix + ":" + attributeName.getLocalPart(), attribute.getValue());
      }
    }
    for (AnyNode child : element.children()) {
      if (child instanceof AnyElement e) {
        dom.appendChild(toDom(document, e));
      } else if (child instanceof AnyText t) {
        dom.appendChild(document.createTextNode(t.text()));
      }
    }
    return dom;
  }

  private static String prefixFor(Element dom, String namespace) {
    // Attributes in a namespace need a prefix; pick one unique within this element.
    int n = 0;
    while (dom.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "a" + n)
        && !namespace.equals(dom.getAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "a" + n))) {
      n++;
    }
    String prefix = "a" + n;
    dom.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, namespace);
    return prefix;
  }

  private static String emptyToNull(String namespace) {
    return namespace == null || namespace.isEmpty() ? null : namespace;
  }

  private static Document newDocument() {
    try {
      return DOCUMENTS.newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no DOM implementation", e);
    }
  }

  private static DocumentBuilderFactory newDocumentFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    return factory;
  }
}
