package org.sepapi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Compares XML documents for equivalence: the same elements and attributes in the same namespaces,
 * whatever prefixes, attribute order or formatting whitespace each uses.
 */
public final class XmlAssert {
  private XmlAssert() {}

  /** Reads a test resource. */
  public static byte[] resource(String name) {
    try (InputStream in = XmlAssert.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void assertEquivalent(byte[] expected, byte[] actual) {
    assertEquals(
        canonical(expected),
        canonical(actual),
        () -> "not equivalent:\n" + utf8(expected) + "\n---\n" + utf8(actual));
  }

  public static void assertEquivalent(String expected, String actual) {
    assertEquivalent(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  /** A prefix-free, order-normalised rendering of a document, for comparison. */
  public static String canonical(byte[] document) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      Element root =
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(document))
              .getDocumentElement();
      StringBuilder out = new StringBuilder();
      render(root, "", out);
      return out.toString();
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + utf8(document), e);
    }
  }

  private static void render(Element element, String indent, StringBuilder out) {
    out.append(indent).append('{').append(ns(element)).append('}').append(element.getLocalName());
    Map<String, String> attributes = new TreeMap<>();
    NamedNodeMap domAttributes = element.getAttributes();
    for (int i = 0; i < domAttributes.getLength(); i++) {
      Attr a = (Attr) domAttributes.item(i);
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
        continue;
      }
      attributes.put("{" + ns(a) + "}" + a.getLocalName(), a.getValue());
    }
    out.append(' ').append(attributes).append('\n');
    List<Node> children = new ArrayList<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      children.add(n);
    }
    StringBuilder text = new StringBuilder();
    for (Node n : children) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        flush(text, indent, out);
        render((Element) n, indent + "  ", out);
      } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(n.getNodeValue());
      }
    }
    flush(text, indent, out);
  }

  private static void flush(StringBuilder text, String indent, StringBuilder out) {
    String t = text.toString().strip();
    if (!t.isEmpty()) {
      out.append(indent).append("  \"").append(t).append("\"\n");
    }
    text.setLength(0);
  }

  private static String ns(Node node) {
    return node.getNamespaceURI() == null ? "" : node.getNamespaceURI();
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
